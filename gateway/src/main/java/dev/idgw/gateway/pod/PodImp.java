package dev.idgw.gateway.pod;

import java.util.List;
import java.util.Objects;

/**
 * One player imp as the pod assembler needs it. Durations are in seconds; absent OpenRTB fields are 0 (or empty).
 *
 * @param impId                imp.id
 * @param podId                video.podid; {@code null} makes the imp a pod of its own
 * @param podDurationSec       video.poddur (0 if absent)
 * @param maxSequence          video.maxseq (0 if absent)
 * @param minDurationSec       video.minduration (0 if absent)
 * @param maxDurationSec       video.maxduration (0 = no maximum)
 * @param requiredDurationsSec video.rqddurs (empty if absent); when present it replaces min/max
 * @param bidFloor             imp.bidfloor (0 if absent)
 * @param slotInPod            video.slotinpod for structured slots: -1 last, 0 any, 1 first, 2 first or last
 * @param mimes                video.mimes, lower case and without parameters; a bid whose markup names media
 *                             types, none of them here, cannot fill the imp (empty: any type)
 */
public record PodImp(String impId, String podId, int podDurationSec, int maxSequence, int minDurationSec,
        int maxDurationSec, List<Integer> requiredDurationsSec, double bidFloor, int slotInPod, List<String> mimes) {

    public PodImp {
        Objects.requireNonNull(impId, "impId");
        requiredDurationsSec = requiredDurationsSec == null ? List.of() : withoutNulls(requiredDurationsSec);
        mimes = mimes == null ? List.of() : VastMediaTypes.essences(mimes);
    }

    /** An imp that takes any media type. */
    public PodImp(String impId, String podId, int podDurationSec, int maxSequence, int minDurationSec,
            int maxDurationSec, List<Integer> requiredDurationsSec, double bidFloor, int slotInPod) {
        this(impId, podId, podDurationSec, maxSequence, minDurationSec, maxDurationSec, requiredDurationsSec, bidFloor,
                slotInPod, List.of());
    }

    /**
     * An unmodifiable copy (the caller may change its list later) without nulls. Built for every imp of
     * every request, so no stream pipeline unless there is a null to drop; an empty or already
     * immutable list is not copied at all.
     */
    private static List<Integer> withoutNulls(List<Integer> durations) {
        if (durations.isEmpty()) {
            return List.of();
        }
        for (Integer d : durations) {
            if (d == null) {
                return durations.stream().filter(Objects::nonNull).toList();
            }
        }
        return List.copyOf(durations);
    }

    /** A structured slot: one ad of {@code minDurationSec..maxDurationSec}. */
    public static PodImp structured(String impId, String podId, int minDurationSec, int maxDurationSec, double bidFloor,
            int slotInPod) {
        return new PodImp(impId, podId, 0, 0, minDurationSec, maxDurationSec, List.of(), bidFloor, slotInPod);
    }

    /** A dynamic pod (or the dynamic part of a hybrid one): several ads within poddur and maxseq. */
    public static PodImp dynamic(String impId, String podId, int podDurationSec, int maxSequence, int minDurationSec,
            int maxDurationSec, double bidFloor) {
        return new PodImp(impId, podId, podDurationSec, maxSequence, minDurationSec, maxDurationSec, List.of(), bidFloor, 0);
    }

    /** OpenRTB 2.6: an imp with poddur or maxseq is dynamic; otherwise it is a single (structured) slot. */
    public boolean dynamic() {
        return podDurationSec > 0 || maxSequence > 0;
    }
}
