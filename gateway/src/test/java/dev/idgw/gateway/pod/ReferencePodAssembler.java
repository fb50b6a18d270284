package dev.idgw.gateway.pod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link PodAssembler} as it was before issue 11 took the garbage out of it (maps, sets, keys and lists per request),
 * kept as it was, bar its name and its class comment, as the reference that {@code PodAssemblerPropertiesTest} holds
 * the lean one to: same rules, same placements, same order.
 */
final class ReferencePodAssembler {

    static final int SLOT_LAST = -1;
    static final int SLOT_FIRST = 1;
    static final int SLOT_FIRST_OR_LAST = 2;

    private static final Comparator<Candidate> BY_PRICE_THEN_INPUT_ORDER =
            Comparator.comparingDouble((Candidate candidate) -> candidate.bid().price()).reversed()
                    .thenComparingInt(Candidate::bidIndex);

    private ReferencePodAssembler() {}

    /** Placements of all pods: pods in order of their first imp, each pod's placements contiguous, by sequence. */
    static List<PodPlacement> assemble(List<PodImp> imps, List<Bid> bids) {
        Objects.requireNonNull(imps, "imps");
        Objects.requireNonNull(bids, "bids");
        Map<String, PodImp> impsById = new HashMap<>();
        Map<String, Integer> impIndexes = new HashMap<>();
        Map<PodKey, List<Candidate>> candidatesByPod = new LinkedHashMap<>();
        for (PodImp imp : imps) {
            if (impsById.putIfAbsent(imp.impId(), imp) == null) {
                impIndexes.put(imp.impId(), impIndexes.size());
                candidatesByPod.put(PodKey.of(imp), new ArrayList<>());
            }
        }
        for (int index = 0; index < bids.size(); index++) {
            Bid bid = bids.get(index);
            PodImp imp = impsById.get(bid.impId());
            if (imp != null && eligible(imp, bid)) {
                candidatesByPod.get(PodKey.of(imp)).add(new Candidate(imp, impIndexes.get(imp.impId()), bid, index,
                        normalizedDomains(bid)));
            }
        }
        List<PodPlacement> placements = new ArrayList<>();
        candidatesByPod.forEach((pod, candidates) -> placements.addAll(fill(pod, candidates)));
        return List.copyOf(placements);
    }

    /** Whether the bid may serve the imp at all, before any pod-level constraint. */
    static boolean eligible(PodImp imp, Bid bid) {
        double price = bid.price();
        int duration = bid.durationSec();
        boolean durationAllowed = imp.requiredDurationsSec().isEmpty()
                ? imp.minDurationSec() <= duration && (imp.maxDurationSec() == 0 || duration <= imp.maxDurationSec())
                : imp.requiredDurationsSec().contains(duration);
        return bid.impId().equals(imp.impId())
                && Double.isFinite(price) && price > 0 && price >= imp.bidFloor()
                && duration > 0 && durationAllowed
                && bid.adm() != null && !bid.adm().isBlank();
    }

    private static List<PodPlacement> fill(PodKey pod, List<Candidate> candidates) {
        candidates.sort(BY_PRICE_THEN_INPUT_ORDER);
        OpenPod open = new OpenPod();
        candidates.forEach(open::offer);
        List<Candidate> order = open.playOrder();
        List<PodPlacement> placements = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            Candidate chosen = order.get(i);
            placements.add(new PodPlacement(pod.name(), i + 1, chosen.imp(), chosen.bid()));
        }
        return placements;
    }

    /** An imp without podid is a pod of its own; the flag keeps its key apart from a real podid equal to its id. */
    private record PodKey(String name, boolean shared) {
        static PodKey of(PodImp imp) {
            return imp.podId() == null ? new PodKey(imp.impId(), false) : new PodKey(imp.podId(), true);
        }
    }

    /** A bid eligible for an imp; its advertiser domains normalized once, not at every comparison. */
    private record Candidate(PodImp imp, int impIndex, Bid bid, int bidIndex, List<String> domains) {}

    /** Running state of one pod during its greedy pass. */
    private static final class OpenPod {
        private final Set<String> bidIds = new HashSet<>();
        private final Set<String> domains = new HashSet<>();
        private final Map<String, Integer> dynamicSeconds = new HashMap<>();
        private final Map<String, Integer> dynamicCounts = new HashMap<>();
        private final Set<String> filledSlots = new HashSet<>();
        private final List<Candidate> structuredMiddle = new ArrayList<>();
        private final List<Candidate> dynamicMiddle = new ArrayList<>();
        private Candidate first;
        private Candidate last;

        void offer(Candidate candidate) {
            PodImp imp = candidate.imp();
            Bid bid = candidate.bid();
            if (bidIds.contains(bid.bidId()) || competes(candidate.domains())) {
                return;
            }
            if (imp.dynamic() ? !dynamicRoomFor(imp, bid) : filledSlots.contains(imp.impId())) {
                return;
            }
            int slot = imp.dynamic() ? bid.slotInPod() : imp.slotInPod();
            if (!take(slot, candidate, imp.dynamic() ? dynamicMiddle : structuredMiddle)) {
                return;
            }
            bidIds.add(bid.bidId());
            domains.addAll(candidate.domains());
            if (imp.dynamic()) {
                dynamicSeconds.merge(imp.impId(), bid.durationSec(), Integer::sum);
                dynamicCounts.merge(imp.impId(), 1, Integer::sum);
            } else {
                filledSlots.add(imp.impId());
            }
        }

        List<Candidate> playOrder() {
            List<Candidate> order = new ArrayList<>();
            if (first != null) {
                order.add(first);
            }
            structuredMiddle.sort(Comparator.comparingInt(Candidate::impIndex));
            order.addAll(structuredMiddle);
            // Stable sort: within one dynamic imp the greedy pass already added bids by price.
            dynamicMiddle.sort(Comparator.comparingInt(Candidate::impIndex));
            order.addAll(dynamicMiddle);
            if (last != null) {
                order.add(last);
            }
            return order;
        }

        private boolean competes(List<String> bidDomains) {
            for (String d : bidDomains) {
                if (domains.contains(d)) {
                    return true;
                }
            }
            return false;
        }

        private boolean dynamicRoomFor(PodImp imp, Bid bid) {
            int seconds = dynamicSeconds.getOrDefault(imp.impId(), 0) + bid.durationSec();
            int count = dynamicCounts.getOrDefault(imp.impId(), 0) + 1;
            return (imp.podDurationSec() <= 0 || seconds <= imp.podDurationSec())
                    && (imp.maxSequence() <= 0 || count <= imp.maxSequence());
        }

        /** Claims the position the slot asks for; unknown slot values mean "any", as OpenRTB says to ignore them. */
        private boolean take(int slot, Candidate candidate, List<Candidate> middle) {
            if ((slot == SLOT_FIRST || slot == SLOT_FIRST_OR_LAST) && first == null) {
                first = candidate;
                return true;
            }
            if ((slot == SLOT_LAST || slot == SLOT_FIRST_OR_LAST) && last == null) {
                last = candidate;
                return true;
            }
            if (slot == SLOT_FIRST || slot == SLOT_LAST || slot == SLOT_FIRST_OR_LAST) {
                return false;
            }
            middle.add(candidate);
            return true;
        }

    }

    private static List<String> normalizedDomains(Bid bid) {
        List<String> out = new ArrayList<>(bid.advertiserDomains().size());
        for (String domain : bid.advertiserDomains()) {
            String d = domain.trim().toLowerCase(Locale.ROOT);
            if (!d.isEmpty()) {
                out.add(d);
            }
        }
        return out;
    }
}
