package dev.idgw.gateway.pod;

/**
 * One chosen ad in its pod.
 *
 * @param podId    the imps' podid, or the imp's id when the imp is a pod of its own
 * @param sequence 1-based position within the pod
 * @param imp      the imp the bid won
 * @param bid      the winning bid
 */
public record PodPlacement(String podId, int sequence, PodImp imp, Bid bid) {}
