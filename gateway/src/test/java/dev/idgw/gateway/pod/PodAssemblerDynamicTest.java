package dev.idgw.gateway.pod;

import static dev.idgw.gateway.pod.PodFixtures.bid;
import static dev.idgw.gateway.pod.PodFixtures.imp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodAssemblerDynamicTest {

    private static List<String> bidIds(List<PodPlacement> placements) {
        return placements.stream().map(placement -> placement.bid().bidId()).toList();
    }

    private static List<String> assembleDynamic(PodImp imp, Bid... bids) {
        return bidIds(PodAssembler.assemble(List.of(imp), List.of(bids)));
    }

    @Test
    void shouldNeverExceedPodDuration() {
        PodImp pod = imp("1").pod("p").podDuration(60).build();

        List<PodPlacement> placements = PodAssembler.assemble(List.of(pod), List.of(
                bid("a", "1").price(9).duration(30).build(), bid("b", "1").price(8).duration(20).build(),
                bid("c", "1").price(7).duration(15).build(), bid("d", "1").price(6).duration(10).build()));

        assertThat(bidIds(placements)).containsExactly("a", "b", "d");
        assertThat(placements.stream().mapToInt(p -> p.bid().durationSec()).sum()).isEqualTo(60);
    }

    @Test
    void shouldNeverExceedMaxSequence() {
        PodImp pod = imp("1").maxSequence(2).build();

        assertThat(assembleDynamic(pod,
                bid("a", "1").price(1).build(), bid("b", "1").price(3).build(), bid("c", "1").price(2).build()))
                .containsExactly("b", "c");
    }

    @Test
    void shouldApplyPodDurationAndMaxSequenceTogether() {
        PodImp pod = imp("1").podDuration(90).maxSequence(2).build();

        assertThat(assembleDynamic(pod,
                bid("a", "1").price(9).duration(30).build(), bid("b", "1").price(8).duration(70).build(),
                bid("c", "1").price(7).duration(30).build(), bid("d", "1").price(6).duration(15).build()))
                .containsExactly("a", "c");
    }

    @Test
    void shouldOrderByPriceDescendingWithTiesInInputOrder() {
        PodImp pod = imp("1").podDuration(120).build();

        assertThat(assembleDynamic(pod,
                bid("cheap", "1").price(1).build(), bid("tie-1", "1").price(5).build(),
                bid("top", "1").price(9).build(), bid("tie-2", "1").price(5).build()))
                .containsExactly("top", "tie-1", "tie-2", "cheap");
    }

    @Test
    void shouldApplyFloorAndDurationLimitsToEveryBid() {
        PodImp pod = imp("1").podDuration(120).floor(2).durations(10, 30).build();

        assertThat(assembleDynamic(pod,
                bid("low", "1").price(1.5).build(), bid("short", "1").price(5).duration(6).build(),
                bid("long", "1").price(5).duration(45).build(), bid("ok", "1").price(2).duration(30).build()))
                .containsExactly("ok");
    }

    @Test
    void shouldPutTheFirstSlotBidFirstAndTheLastSlotBidLast() {
        PodImp pod = imp("1").pod("p").podDuration(120).build();

        List<PodPlacement> placements = PodAssembler.assemble(List.of(pod), List.of(
                bid("closer", "1").price(9).slot(-1).build(), bid("mid-low", "1").price(2).build(),
                bid("opener", "1").price(1).slot(1).build(), bid("mid-high", "1").price(5).build()));

        assertThat(bidIds(placements)).containsExactly("opener", "mid-high", "mid-low", "closer");
        assertThat(placements).extracting(PodPlacement::sequence).containsExactly(1, 2, 3, 4);
    }

    @Test
    void shouldSkipABidAskingForATakenSlot() {
        PodImp pod = imp("1").podDuration(120).build();

        assertThat(assembleDynamic(pod,
                bid("first-high", "1").price(9).slot(1).build(), bid("first-low", "1").price(8).slot(1).build(),
                bid("last-high", "1").price(7).slot(-1).build(), bid("last-low", "1").price(6).slot(-1).build(),
                bid("any", "1").price(1).build()))
                .containsExactly("first-high", "any", "last-high");
    }

    @Test
    void shouldGiveFirstOrLastTheFirstSlotThenTheLastThenNothing() {
        PodImp pod = imp("1").podDuration(120).build();

        assertThat(assembleDynamic(pod,
                bid("either-1", "1").price(9).slot(2).build(), bid("either-2", "1").price(8).slot(2).build(),
                bid("either-3", "1").price(7).slot(2).build(), bid("any", "1").price(1).build()))
                .containsExactly("either-1", "any", "either-2");
    }

    @Test
    void shouldTreatUnknownSlotValuesAsAny() {
        PodImp pod = imp("1").podDuration(120).build();

        assertThat(assembleDynamic(pod,
                bid("a", "1").price(9).slot(7).build(), bid("b", "1").price(8).slot(7).build()))
                .containsExactly("a", "b");
    }

    @Test
    void shouldNotLetASkippedSlotBidUseUpTheDuration() {
        PodImp pod = imp("1").podDuration(30).build();

        assertThat(assembleDynamic(pod,
                bid("opener", "1").price(9).slot(1).duration(15).build(),
                bid("second-opener", "1").price(8).slot(1).duration(15).build(),
                bid("filler", "1").price(1).duration(15).build()))
                .containsExactly("opener", "filler");
    }

    @Test
    void shouldSeparateCompetitorsKeepingTheHigherPricedBid() {
        PodImp pod = imp("1").podDuration(120).build();

        assertThat(assembleDynamic(pod,
                bid("cola-low", "1").price(3).domains("cola.example").build(),
                bid("cola-high", "1").price(8).domains("cola.example", "fizz.example").build(),
                bid("fizz", "1").price(5).domains(" FIZZ.example ").build(),
                bid("cars", "1").price(4).domains("cars.example").build()))
                .containsExactly("cola-high", "cars");
    }

    @Test
    void shouldNotSeparateBidsWithoutAdvertiserDomains() {
        PodImp pod = imp("1").podDuration(120).build();

        assertThat(assembleDynamic(pod, bid("a", "1").domains().build(), bid("b", "1").domains().build()))
                .containsExactly("a", "b");
    }

    @Test
    void shouldNeverPlaceTheSameBidIdTwice() {
        PodImp pod = imp("1").podDuration(120).build();

        List<String> placed = assembleDynamic(pod,
                bid("dup", "1").partner("a").price(5).domains("a.example").build(),
                bid("dup", "1").partner("b").price(4).domains("b.example").build(),
                bid("other", "1").price(1).build());

        assertThat(placed).containsExactly("dup", "other");
    }

    @Test
    void shouldSeparateCompetitorsAcrossImpsOfOnePodButNotAcrossPods() {
        List<PodImp> imps = List.of(
                imp("d1").pod("p").podDuration(60).build(), imp("d2").pod("p").podDuration(60).build(),
                imp("d3").pod("q").podDuration(60).build());
        List<Bid> bids = List.of(
                bid("a", "d1").price(5).domains("shop.example").build(),
                bid("b", "d2").price(4).domains("shop.example").build(),
                bid("c", "d3").price(3).domains("shop.example").build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("a", "c");
    }

    @Test
    void shouldKeepSeparateBudgetsForTwoDynamicImpsInOnePod() {
        List<PodImp> imps = List.of(
                imp("d1").pod("p").podDuration(30).build(), imp("d2").pod("p").maxSequence(1).build());
        List<Bid> bids = List.of(
                bid("x", "d2").price(9).build(), bid("y", "d2").price(8).build(),
                bid("a", "d1").price(5).duration(30).build(), bid("b", "d1").price(4).duration(30).build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("a", "x");
    }

    @Test
    void shouldTreatAnImpWithOnlyMaxSequenceAsDynamic() {
        assertThat(imp("1").maxSequence(2).build().dynamic()).isTrue();
        assertThat(imp("1").podDuration(30).build().dynamic()).isTrue();
        assertThat(imp("1").build().dynamic()).isFalse();
    }
}
