package dev.idgw.gateway.pod;

import java.util.List;
import java.util.Objects;

/**
 * Chooses the winning bids of every pod and puts them in play order.
 *
 * <p>Each pod is filled by one greedy pass over its eligible (imp, bid) pairs, highest price first (ties: earlier bid
 * in the input). A pass rather than per-imp picks is what makes competitive separation mean "the higher-priced bid
 * wins" across the whole pod, and lets a slot that loses its best bid to a competitor fall back to its next one.
 *
 * <ul>
 *   <li>A structured imp takes one bid, and its own {@code slotInPod} decides its position.</li>
 *   <li>A dynamic imp takes bids while its {@code poddur} and {@code maxseq} allow; the bid's {@code slotInPod}
 *       decides the position (OpenRTB applies a bid's slotinpod to dynamic pods only).</li>
 *   <li>A pod has one first and one last position. Whoever claims one first (by price) holds it; a later claim on a
 *       taken position is skipped, and "first or last" takes first if free, else last. Sharing these two positions
 *       between structured and dynamic imps keeps every guarantee true in a hybrid pod.</li>
 *   <li>Play order: the first position, then structured slots in input order, then dynamic bids by price (dynamic
 *       imps in input order), then the last position. So a hybrid pod plays its structured slots, then its dynamic
 *       part.</li>
 * </ul>
 *
 * <p>Imps repeating an earlier imp's id are ignored (the first wins), so a bid can never win twice through them.
 *
 * <p>Every filled ad request passes here, so the work happens in a {@link PodAssembly} kept per thread, whose arrays
 * and sets outlive the call: assembling allocates little more than the placements it returns.
 */
public final class PodAssembler {

    static final int SLOT_LAST = -1;
    static final int SLOT_FIRST = 1;
    static final int SLOT_FIRST_OR_LAST = 2;

    /**
     * One per thread: an assembly runs start to end on the thread that called it (an event loop, as a rule), and
     * forgets every imp and bid before it returns, so nothing of one request lingers into the next.
     */
    private static final ThreadLocal<PodAssembly> ASSEMBLY = ThreadLocal.withInitial(PodAssembly::new);

    private PodAssembler() {}

    /** Placements of all pods: pods in order of their first imp, each pod's placements contiguous, by sequence. */
    public static List<PodPlacement> assemble(List<PodImp> imps, List<Bid> bids) {
        Objects.requireNonNull(imps, "imps");
        Objects.requireNonNull(bids, "bids");
        PodAssembly assembly = ASSEMBLY.get();
        if (assembly.inUse()) {
            assembly = new PodAssembly(); // re-entered from within an assembly (by a list's get, say): not this one
        }
        try {
            return assembly.assemble(imps, bids);
        } finally {
            assembly.forget();
        }
    }

    /**
     * Whether the bid may serve the imp at all, before any pod-level constraint. The markup scan for media
     * types comes last: only bids that pass every cheaper test pay for it.
     */
    static boolean eligible(PodImp imp, Bid bid) {
        double price = bid.price();
        int duration = bid.durationSec();
        boolean durationAllowed = imp.requiredDurationsSec().isEmpty()
                ? imp.minDurationSec() <= duration && (imp.maxDurationSec() == 0 || duration <= imp.maxDurationSec())
                : listed(imp.requiredDurationsSec(), duration);
        return bid.impId().equals(imp.impId())
                && Double.isFinite(price) && price > 0 && price >= imp.bidFloor()
                && duration > 0 && durationAllowed
                && bid.adm() != null && !bid.adm().isBlank()
                && VastMediaTypes.playable(bid.adm(), imp.mimes());
    }

    /** {@code durations.contains(duration)} without boxing the duration for every bid. */
    private static boolean listed(List<Integer> durations, int duration) {
        for (int i = 0; i < durations.size(); i++) {
            if (durations.get(i) == duration) {
                return true;
            }
        }
        return false;
    }
}
