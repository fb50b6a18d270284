/**
 * The operator's partner preview, {@code POST /internal/v1/preview} on the internal listener (the operator
 * role): for an ad-pod request and a device, every partner's exact payload and why each identity field went or
 * was stripped, decided by the auction's own code ({@link dev.idgw.gateway.auction.RequestDecisions}) with the
 * consent Redis holds now, and nothing sent, recorded or written. Identifiers in the answer are the caller's
 * own: the email hash the consent record holds is never shown.
 */
package dev.idgw.gateway.preview;
