/**
 * Ad-pod assembly for OpenRTB 2.6 video: {@link dev.idgw.gateway.pod.PodAssembler} turns the player's imps
 * ({@link dev.idgw.gateway.pod.PodImp}) and the partners' already-parsed bids ({@link dev.idgw.gateway.pod.Bid}) into
 * ordered placements for structured, dynamic and hybrid pods (floors, durations, {@code poddur}/{@code maxseq},
 * {@code slotinpod} and competitive separation), and {@link dev.idgw.gateway.pod.VastPodWriter} renders them as one
 * VAST 4.2 pod, parsing partner markup with a hardened XML parser because {@code adm} is untrusted input. The package
 * is pure (no Vert.x, no I/O) so the auction rules can be tested exhaustively, including by properties.
 */
package dev.idgw.gateway.pod;
