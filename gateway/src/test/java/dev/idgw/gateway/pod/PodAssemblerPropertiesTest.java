package dev.idgw.gateway.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Invariants of {@link PodAssembler} over random, often conflicting, imps and bids. The generators enumerate their
 * edge values (0, NaN, blank markup, unknown slots) themselves; jqwik's own edge cases are off because their
 * combinations would crowd out the random pods that exercise separation and slots.
 */
class PodAssemblerPropertiesTest {

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void shouldPlaceExactlyAsTheAssemblerBeforeIssue11(@ForAll("impsWithPodIdsLikeImpIds") List<PodImp> imps,
            @ForAll("bids") List<Bid> bids) {
        assertSamePlacements(PodAssembler.assemble(imps, bids), ReferencePodAssembler.assemble(imps, bids));
    }

    /** Hundreds of bids: sorts past the small-array path, sets that grow, pods that take dozens of ads. */
    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void shouldPlaceExactlyAsTheAssemblerBeforeIssue11WithHundredsOfBids(
            @ForAll("impsWithPodIdsLikeImpIds") List<PodImp> imps,
            @ForAll("manyBids") List<Bid> bids) {
        List<PodImp> roomy = imps.stream().map(imp -> imp.dynamic() ? new PodImp(imp.impId(), imp.podId(),
                imp.podDurationSec() * 40, imp.maxSequence() * 40, imp.minDurationSec(), imp.maxDurationSec(),
                imp.requiredDurationsSec(), imp.bidFloor(), imp.slotInPod()) : imp).toList();

        assertSamePlacements(PodAssembler.assemble(roomy, bids), ReferencePodAssembler.assemble(roomy, bids));
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void shouldAssembleTheSameOnEveryCallOfAThread(@ForAll("imps") List<PodImp> imps, @ForAll("manyBids") List<Bid> big,
            @ForAll("bids") List<Bid> small) {
        List<PodPlacement> expected = ReferencePodAssembler.assemble(imps, small);
        PodAssembler.assemble(imps, big);

        assertSamePlacements(PodAssembler.assemble(imps, small), expected);
    }

    private static void assertSamePlacements(List<PodPlacement> actual, List<PodPlacement> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            PodPlacement a = actual.get(i);
            PodPlacement e = expected.get(i);
            assertThat(a.podId()).as("pod of %s", i).isEqualTo(e.podId());
            assertThat(a.sequence()).as("sequence of %s", i).isEqualTo(e.sequence());
            assertThat(a.imp()).as("imp of %s", i).isSameAs(e.imp());
            assertThat(a.bid()).as("bid of %s", i).isSameAs(e.bid());
        }
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void shouldOnlyPlaceEligibleBids(@ForAll("imps") List<PodImp> imps, @ForAll("bids") List<Bid> bids) {
        Map<String, PodImp> firstImpById = new LinkedHashMap<>();
        imps.forEach(imp -> firstImpById.putIfAbsent(imp.impId(), imp));

        for (PodPlacement placement : PodAssembler.assemble(imps, bids)) {
            assertThat(placement.imp()).isSameAs(firstImpById.get(placement.imp().impId()));
            assertThat(eligible(placement.imp(), placement.bid())).as("eligible: %s", placement).isTrue();
        }
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void shouldNeverExceedPodDurationOrMaxSequence(@ForAll("imps") List<PodImp> imps,
            @ForAll("bids") List<Bid> bids) {
        Map<PodImp, List<Bid>> byDynamicImp = PodAssembler.assemble(imps, bids).stream()
                .filter(placement -> placement.imp().dynamic())
                .collect(Collectors.groupingBy(PodPlacement::imp, Collectors.mapping(PodPlacement::bid, Collectors.toList())));

        byDynamicImp.forEach((imp, placed) -> {
            if (imp.podDurationSec() > 0) {
                assertThat(placed.stream().mapToInt(Bid::durationSec).sum()).isLessThanOrEqualTo(imp.podDurationSec());
            }
            if (imp.maxSequence() > 0) {
                assertThat(placed).hasSizeLessThanOrEqualTo(imp.maxSequence());
            }
        });
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void shouldNumberEachPodContiguouslyAndNeverRepeatABidOrACompetitor(@ForAll("imps") List<PodImp> imps,
            @ForAll("bids") List<Bid> bids) {
        List<PodPlacement> placements = PodAssembler.assemble(imps, bids);
        List<String> podOrder = new ArrayList<>();
        Map<String, List<PodPlacement>> pods = new LinkedHashMap<>();
        for (PodPlacement placement : placements) {
            if (podOrder.isEmpty() || !podOrder.get(podOrder.size() - 1).equals(placement.podId())) {
                assertThat(podOrder).as("pod %s is contiguous", placement.podId()).doesNotContain(placement.podId());
                podOrder.add(placement.podId());
            }
            pods.computeIfAbsent(placement.podId(), id -> new ArrayList<>()).add(placement);
        }

        pods.values().forEach(pod -> {
            assertThat(pod).extracting(PodPlacement::sequence)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, pod.size()).boxed().toList());
            assertThat(pod).extracting(p -> p.bid().bidId()).doesNotHaveDuplicates();
            assertThat(pod.stream().filter(p -> !p.imp().dynamic()).map(p -> p.imp().impId())).doesNotHaveDuplicates();
            Set<String> seenDomains = new HashSet<>();
            for (PodPlacement placement : pod) {
                Set<String> domains = placement.bid().advertiserDomains().stream()
                        .map(domain -> domain.trim().toLowerCase(Locale.ROOT)).filter(domain -> !domain.isEmpty())
                        .collect(Collectors.toSet());
                assertThat(domains).as("competitors in pod %s", placement.podId()).noneMatch(seenDomains::contains);
                seenDomains.addAll(domains);
            }
        });
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void shouldKeepEveryFirstAndLastSlotGuarantee(@ForAll("imps") List<PodImp> imps, @ForAll("bids") List<Bid> bids) {
        Map<String, List<PodPlacement>> pods = PodAssembler.assemble(imps, bids).stream()
                .collect(Collectors.groupingBy(PodPlacement::podId));

        pods.values().forEach(pod -> pod.forEach(placement -> {
            int slot = placement.imp().dynamic() ? placement.bid().slotInPod() : placement.imp().slotInPod();
            if (slot == 1) {
                assertThat(placement.sequence()).isEqualTo(1);
            } else if (slot == -1) {
                assertThat(placement.sequence()).isEqualTo(pod.size());
            } else if (slot == 2) {
                assertThat(placement.sequence()).isIn(1, pod.size());
            }
        }));
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void shouldWriteOneParseableAdPerPlacementWithVastMarkup(@ForAll("imps") List<PodImp> imps,
            @ForAll("bids") List<Bid> bids) throws Exception {
        List<PodPlacement> placements = PodAssembler.assemble(imps, bids);
        long renderable = placements.stream()
                .filter(p -> p.bid().adm().equals(PodFixtures.VAST_ADM) || p.bid().noticeUrl() != null).count();

        List<String> sequences = VastPodWriterTest.adSequences(VastPodWriter.write(placements));

        assertThat(sequences).hasSize((int) renderable);
        assertThat(sequences).containsExactlyElementsOf(
                IntStream.rangeClosed(1, sequences.size()).mapToObj(Integer::toString).toList());
    }

    /** The eligibility rule restated from the brief, independently of the code under test. */
    private static boolean eligible(PodImp imp, Bid bid) {
        boolean durationOk = imp.requiredDurationsSec().isEmpty()
                ? bid.durationSec() >= imp.minDurationSec()
                        && (imp.maxDurationSec() == 0 || bid.durationSec() <= imp.maxDurationSec())
                : imp.requiredDurationsSec().contains(bid.durationSec());
        return bid.impId().equals(imp.impId()) && Double.isFinite(bid.price()) && bid.price() > 0
                && bid.price() >= imp.bidFloor() && bid.durationSec() > 0 && durationOk
                && bid.adm() != null && !bid.adm().isBlank();
    }

    @Provide
    Arbitrary<List<PodImp>> imps() {
        return imps(Arbitraries.of("p0", "p1", "p2").injectNull(0.3));
    }

    /** Also podids equal to an imp id, whose pod is not the pod of that imp without podid. */
    @Provide
    Arbitrary<List<PodImp>> impsWithPodIdsLikeImpIds() {
        return imps(Arbitraries.of("p0", "i0", "i1").injectNull(0.4));
    }

    private static Arbitrary<List<PodImp>> imps(Arbitrary<String> podIds) {
        Arbitrary<PodImp> imp = Combinators.combine(
                        Arbitraries.integers().between(0, 3).map(n -> "i" + n),
                        podIds,
                        Arbitraries.of(0, 0, 15, 30, 60, 90),
                        Arbitraries.of(0, 0, 1, 2, 4),
                        Arbitraries.of(0, 0, 5, 15),
                        Arbitraries.of(0, 0, 15, 30),
                        Arbitraries.of(List.<Integer>of(), List.<Integer>of(), List.of(15, 30)),
                        Arbitraries.of(0.0, 0.0, 1.0, 5.0))
                .flatAs((id, podId, poddur, maxseq, min, max, required, floor) -> Arbitraries.of(-1, 0, 0, 1, 2)
                        .map(slot -> new PodImp(id, podId, poddur, maxseq, min, max, required, floor, slot)));
        return imp.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Bid>> bids() {
        Arbitrary<Double> prices = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.doubles().between(0.5, 10).ofScale(1)),
                Tuple.of(1, Arbitraries.of(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)));
        Arbitrary<Bid> bid = Combinators.combine(
                        Arbitraries.integers().between(0, 9).map(n -> "b" + n),
                        Arbitraries.integers().between(0, 4).map(n -> "i" + n),
                        prices,
                        Arbitraries.of(PodFixtures.VAST_ADM, PodFixtures.VAST_ADM, PodFixtures.VAST_ADM, "<not-vast", ""),
                        Arbitraries.of("a.example", "B.example", "b.example ", "c.example").list().ofMaxSize(2),
                        Arbitraries.of(0, 5, 10, 15, 15, 15, 30, 30, 45),
                        Arbitraries.of(-1, 0, 0, 0, 1, 2, 3),
                        Arbitraries.of("https://partner.example/win?id=1&p=2").injectNull(0.5))
                .as((id, impId, price, adm, domains, dur, slot, nurl) ->
                        new Bid("partner", id, impId, price, adm, domains, "cr", dur, slot, nurl));
        return bid.list().ofMinSize(1).ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<Bid>> manyBids() {
        Arbitrary<String> domain = Arbitraries.integers().between(0, 80)
                .map(n -> n % 9 == 0 ? " D" + n + ".example" : "d" + n + ".example");
        Arbitrary<Bid> bid = Combinators.combine(
                        Arbitraries.integers().between(0, 400).map(n -> "b" + n),
                        Arbitraries.integers().between(0, 4).map(n -> "i" + n),
                        Arbitraries.doubles().between(0.5, 10).ofScale(2),
                        domain.list().ofMaxSize(2),
                        Arbitraries.of(5, 10, 15, 15, 15, 30, 30, 45),
                        Arbitraries.of(-1, 0, 0, 0, 0, 0, 0, 1, 2, 3))
                .as((id, impId, price, domains, dur, slot) ->
                        new Bid("partner", id, impId, price, PodFixtures.VAST_ADM, domains, "cr", dur, slot, null));
        return bid.list().ofMinSize(40).ofMaxSize(400);
    }
}
