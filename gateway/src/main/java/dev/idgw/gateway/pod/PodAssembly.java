package dev.idgw.gateway.pod;

import static dev.idgw.gateway.pod.PodAssembler.SLOT_FIRST;
import static dev.idgw.gateway.pod.PodAssembler.SLOT_FIRST_OR_LAST;
import static dev.idgw.gateway.pod.PodAssembler.SLOT_LAST;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The working state of {@link PodAssembler#assemble}, the rules of which it implements, reused from call to call on
 * one thread: arrays indexed by imp and by pod instead of maps keyed by id, candidate objects refilled instead of
 * made anew, {@link SeenStrings} instead of hash sets. Imps and pods are found by scanning, as a request has a
 * few dozen imps at most (the player request parser takes 32); bids are visited once each.
 *
 * <p>Not thread-safe, and not meant to be: {@link PodAssembler} keeps one per thread and empties it after each call.
 */
final class PodAssembly {
    /** A pod's candidates together, pods in order, each pod's highest price first (ties: earlier bid first). */
    private static final Comparator<Candidate> BY_POD_THEN_PRICE_THEN_INPUT_ORDER = (a, b) -> {
        if (a.pod != b.pod) {
            return Integer.compare(a.pod, b.pod);
        }
        int byPrice = Double.compare(b.bid.price(), a.bid.price());
        return byPrice != 0 ? byPrice : Integer.compare(a.bidIndex, b.bidIndex);
    };
    /** Sorted stably: within one dynamic imp the greedy pass already added bids by price. */
    private static final Comparator<Candidate> BY_IMP = (a, b) -> Integer.compare(a.imp, b.imp);

    /** A bid eligible for an imp, by their indexes here; refilled from call to call. */
    private static final class Candidate {
        int imp;
        int pod;
        Bid bid;
        int bidIndex;
    }

    private boolean inUse;

    /** The distinct imps (the first of each id) in input order, the pod of each, and each one's running state. */
    private PodImp[] imps = new PodImp[8];
    private int[] podOfImp = new int[8];
    private int[] dynamicSeconds = new int[8];
    private int[] dynamicCounts = new int[8];
    private boolean[] slotFilled = new boolean[8];
    private int impCount;

    /**
     * The pods in order of their first imp. An imp without podid is a pod of its own, named by its id; the flag keeps
     * it apart from a real podid equal to that id.
     */
    private String[] podNames = new String[8];
    private boolean[] podShared = new boolean[8];
    private int podCount;

    private Candidate[] candidates = new Candidate[16];
    private int candidateCount;

    /** The pod being filled. */
    private final SeenStrings bidIds = new SeenStrings();
    private final SeenStrings domains = new SeenStrings();
    private Candidate first;
    private Candidate last;
    private Candidate[] structuredMiddle = new Candidate[8];
    private int structuredCount;
    private Candidate[] dynamicMiddle = new Candidate[8];
    private int dynamicCount;

    private PodPlacement[] placements = new PodPlacement[8];
    private int placementCount;

    boolean inUse() {
        return inUse;
    }

    List<PodPlacement> assemble(List<PodImp> impList, List<Bid> bids) {
        inUse = true;
        for (int i = 0; i < impList.size(); i++) {
            PodImp imp = impList.get(i);
            if (indexOfImp(imp.impId()) < 0) {
                addImp(imp);
            }
        }
        for (int index = 0; index < bids.size(); index++) {
            Bid bid = bids.get(index);
            int imp = indexOfImp(bid.impId());
            if (imp >= 0 && PodAssembler.eligible(imps[imp], bid)) {
                addCandidate(imp, bid, index);
            }
        }
        Arrays.sort(candidates, 0, candidateCount, BY_POD_THEN_PRICE_THEN_INPUT_ORDER);
        int from = 0;
        while (from < candidateCount) {
            int pod = candidates[from].pod;
            int to = from + 1;
            while (to < candidateCount && candidates[to].pod == pod) {
                to++;
            }
            fill(pod, from, to);
            from = to;
        }
        return placed();
    }

    /** Drops every imp, bid and placement of the call, keeping the arrays and the candidate objects. */
    void forget() {
        Arrays.fill(imps, 0, impCount, null);
        Arrays.fill(podNames, 0, podCount, null);
        for (int i = 0; i < candidateCount; i++) {
            candidates[i].bid = null;
        }
        Arrays.fill(placements, 0, placementCount, null);
        impCount = 0;
        podCount = 0;
        candidateCount = 0;
        placementCount = 0;
        startPod();
        inUse = false;
    }

    private int indexOfImp(String impId) {
        for (int i = 0; i < impCount; i++) {
            if (imps[i].impId().equals(impId)) {
                return i;
            }
        }
        return -1;
    }

    private void addImp(PodImp imp) {
        if (impCount == imps.length) {
            int size = impCount * 2;
            imps = Arrays.copyOf(imps, size);
            podOfImp = Arrays.copyOf(podOfImp, size);
            dynamicSeconds = Arrays.copyOf(dynamicSeconds, size);
            dynamicCounts = Arrays.copyOf(dynamicCounts, size);
            slotFilled = Arrays.copyOf(slotFilled, size);
        }
        imps[impCount] = imp;
        podOfImp[impCount] = podOf(imp);
        dynamicSeconds[impCount] = 0;
        dynamicCounts[impCount] = 0;
        slotFilled[impCount] = false;
        impCount++;
    }

    private int podOf(PodImp imp) {
        boolean shared = imp.podId() != null;
        String name = shared ? imp.podId() : imp.impId();
        for (int pod = 0; pod < podCount; pod++) {
            if (podShared[pod] == shared && podNames[pod].equals(name)) {
                return pod;
            }
        }
        if (podCount == podNames.length) {
            podNames = Arrays.copyOf(podNames, podCount * 2);
            podShared = Arrays.copyOf(podShared, podCount * 2);
        }
        podNames[podCount] = name;
        podShared[podCount] = shared;
        return podCount++;
    }

    private void addCandidate(int imp, Bid bid, int bidIndex) {
        if (candidateCount == candidates.length) {
            candidates = Arrays.copyOf(candidates, candidateCount * 2);
        }
        Candidate candidate = candidates[candidateCount];
        if (candidate == null) {
            candidate = candidates[candidateCount] = new Candidate();
        }
        candidate.imp = imp;
        candidate.pod = podOfImp[imp];
        candidate.bid = bid;
        candidate.bidIndex = bidIndex;
        candidateCount++;
    }

    /** One pod's greedy pass over its candidates {@code [from, to)}, then its placements in play order. */
    private void fill(int pod, int from, int to) {
        startPod();
        for (int i = from; i < to; i++) {
            offer(candidates[i]);
        }
        Arrays.sort(structuredMiddle, 0, structuredCount, BY_IMP);
        Arrays.sort(dynamicMiddle, 0, dynamicCount, BY_IMP);
        String name = podNames[pod];
        int sequence = 0;
        if (first != null) {
            place(name, ++sequence, first);
        }
        for (int i = 0; i < structuredCount; i++) {
            place(name, ++sequence, structuredMiddle[i]);
        }
        for (int i = 0; i < dynamicCount; i++) {
            place(name, ++sequence, dynamicMiddle[i]);
        }
        if (last != null) {
            place(name, ++sequence, last);
        }
    }

    private void startPod() {
        bidIds.clear();
        domains.clear();
        first = null;
        last = null;
        Arrays.fill(structuredMiddle, 0, structuredCount, null);
        Arrays.fill(dynamicMiddle, 0, dynamicCount, null);
        structuredCount = 0;
        dynamicCount = 0;
    }

    private void offer(Candidate candidate) {
        PodImp imp = imps[candidate.imp];
        Bid bid = candidate.bid;
        if (bidIds.contains(bid.bidId()) || competes(bid)) {
            return;
        }
        boolean dynamic = imp.dynamic();
        if (dynamic ? !dynamicRoomFor(candidate.imp, bid) : slotFilled[candidate.imp]) {
            return;
        }
        if (!take(dynamic ? bid.slotInPod() : imp.slotInPod(), candidate, dynamic)) {
            return;
        }
        bidIds.add(bid.bidId());
        List<String> advertisers = bid.advertiserDomains();
        for (int i = 0; i < advertisers.size(); i++) {
            String normalized = normalized(advertisers.get(i));
            if (!normalized.isEmpty()) {
                domains.add(normalized);
            }
        }
        if (dynamic) {
            dynamicSeconds[candidate.imp] += bid.durationSec();
            dynamicCounts[candidate.imp]++;
        } else {
            slotFilled[candidate.imp] = true;
        }
    }

    /**
     * Whether an advertiser of the bid already has an ad in the pod. Indexes, not an iterator, here and above: the
     * record's list is an unmodifiable random-access one, and an iterator per bid was garbage.
     */
    private boolean competes(Bid bid) {
        List<String> advertisers = bid.advertiserDomains();
        for (int i = 0; i < advertisers.size(); i++) {
            String normalized = normalized(advertisers.get(i));
            if (!normalized.isEmpty() && domains.contains(normalized)) {
                return true;
            }
        }
        return false;
    }

    /** Trimmed and lower-cased; the very same String (no copy) when it already is, as partners mostly send it. */
    private static String normalized(String domain) {
        return domain.trim().toLowerCase(Locale.ROOT);
    }

    private boolean dynamicRoomFor(int impIndex, Bid bid) {
        PodImp imp = imps[impIndex];
        int seconds = dynamicSeconds[impIndex] + bid.durationSec();
        int count = dynamicCounts[impIndex] + 1;
        return (imp.podDurationSec() <= 0 || seconds <= imp.podDurationSec())
                && (imp.maxSequence() <= 0 || count <= imp.maxSequence());
    }

    /** Claims the position the slot asks for; unknown slot values mean "any", as OpenRTB says to ignore them. */
    private boolean take(int slot, Candidate candidate, boolean dynamic) {
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
        if (dynamic) {
            if (dynamicCount == dynamicMiddle.length) {
                dynamicMiddle = Arrays.copyOf(dynamicMiddle, dynamicCount * 2);
            }
            dynamicMiddle[dynamicCount++] = candidate;
        } else {
            if (structuredCount == structuredMiddle.length) {
                structuredMiddle = Arrays.copyOf(structuredMiddle, structuredCount * 2);
            }
            structuredMiddle[structuredCount++] = candidate;
        }
        return true;
    }

    private void place(String pod, int sequence, Candidate chosen) {
        if (placementCount == placements.length) {
            placements = Arrays.copyOf(placements, placementCount * 2);
        }
        placements[placementCount++] = new PodPlacement(pod, sequence, imps[chosen.imp], chosen.bid);
    }

    /** The placements as an unmodifiable list, which {@code AdPodAnswer} keeps without copying it again. */
    private List<PodPlacement> placed() {
        return switch (placementCount) {
            case 0 -> List.of();
            case 1 -> List.of(placements[0]);
            case 2 -> List.of(placements[0], placements[1]);
            default -> List.of(Arrays.copyOf(placements, placementCount));
        };
    }
}
