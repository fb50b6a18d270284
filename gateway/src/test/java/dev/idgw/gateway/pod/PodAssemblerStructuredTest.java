package dev.idgw.gateway.pod;

import static dev.idgw.gateway.pod.PodFixtures.bid;
import static dev.idgw.gateway.pod.PodFixtures.imp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodAssemblerStructuredTest {

    private static List<String> bidIds(List<PodPlacement> placements) {
        return placements.stream().map(placement -> placement.bid().bidId()).toList();
    }

    @Test
    void shouldGiveEachSlotItsHighestPricedBid() {
        List<PodImp> imps = List.of(imp("1").pod("p").build(), imp("2").pod("p").build());
        List<Bid> bids = List.of(
                bid("a", "1").price(3).build(), bid("b", "1").price(5).build(),
                bid("c", "2").price(2).build(), bid("d", "2").price(1).build());

        assertThat(PodAssembler.assemble(imps, bids))
                .extracting(PodPlacement::podId, PodPlacement::sequence, p -> p.imp().impId(), p -> p.bid().bidId())
                .containsExactly(tuple("p", 1, "1", "b"), tuple("p", 2, "2", "c"));
    }

    @Test
    void shouldPreferTheEarlierBidOnATie() {
        List<Bid> bids = List.of(bid("first", "1").price(4).build(), bid("second", "1").price(4).build());

        assertThat(bidIds(PodAssembler.assemble(List.of(imp("1").build()), bids))).containsExactly("first");
    }

    @Test
    void shouldAcceptPriceAtTheFloorAndRejectBelowIt() {
        List<PodImp> imps = List.of(imp("1").pod("p").floor(5).build(), imp("2").pod("p").floor(5).build());
        List<Bid> bids = List.of(bid("at", "1").price(5).build(), bid("below", "2").price(4.99).build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("at");
    }

    @Test
    void shouldRejectNonPositiveOrNonFinitePricesAndBlankMarkup() {
        List<Bid> bids = List.of(
                bid("zero", "1").price(0).build(), bid("negative", "1").price(-1).build(),
                bid("nan", "1").price(Double.NaN).build(), bid("infinite", "1").price(Double.POSITIVE_INFINITY).build(),
                bid("blank", "1").adm("  ").build(), bid("null-adm", "1").adm(null).build(),
                bid("no-duration", "1").duration(0).build());

        assertThat(PodAssembler.assemble(List.of(imp("1").build()), bids)).isEmpty();
    }

    @Test
    void shouldOrderSlotsBySlotInPod() {
        List<PodImp> imps = List.of(
                imp("any-1").pod("p").build(), imp("last").pod("p").slot(-1).build(),
                imp("first").pod("p").slot(1).build(), imp("any-2").pod("p").build());
        List<Bid> bids = List.of(
                bid("a", "any-2").price(9).build(), bid("b", "last").price(8).build(),
                bid("c", "first").price(1).build(), bid("d", "any-1").price(2).build());

        assertThat(PodAssembler.assemble(imps, bids))
                .extracting(p -> p.imp().impId(), PodPlacement::sequence)
                .containsExactly(tuple("first", 1), tuple("any-1", 2), tuple("any-2", 3), tuple("last", 4));
    }

    @Test
    void shouldPutFirstOrLastSlotFirstWhenFree() {
        List<PodImp> imps = List.of(imp("any").pod("p").build(), imp("either").pod("p").slot(2).build());
        List<Bid> bids = List.of(bid("a", "any").build(), bid("b", "either").build());

        assertThat(PodAssembler.assemble(imps, bids)).extracting(p -> p.imp().impId()).containsExactly("either", "any");
    }

    @Test
    void shouldPutFirstOrLastSlotLastWhenFirstIsTaken() {
        List<PodImp> imps = List.of(
                imp("either").pod("p").slot(2).build(), imp("any").pod("p").build(), imp("first").pod("p").slot(1).build());
        List<Bid> bids = List.of(
                bid("a", "either").price(1).build(), bid("b", "any").build(), bid("c", "first").price(2).build());

        assertThat(PodAssembler.assemble(imps, bids))
                .extracting(p -> p.imp().impId()).containsExactly("first", "any", "either");
    }

    @Test
    void shouldLeaveASlotEmptyWhenItsPositionIsHeldByAHigherPricedSlot() {
        List<PodImp> imps = List.of(imp("first-a").pod("p").slot(1).build(), imp("first-b").pod("p").slot(1).build());
        List<Bid> bids = List.of(bid("a", "first-a").price(1).build(), bid("b", "first-b").price(2).build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("b");
    }

    @Test
    void shouldEnforceMinAndMaxDuration() {
        List<Bid> bids = List.of(
                bid("short", "1").duration(4).price(9).build(), bid("long", "1").duration(31).price(8).build(),
                bid("min", "1").duration(5).price(1).build(), bid("max", "1").duration(30).price(2).build());

        assertThat(bidIds(PodAssembler.assemble(List.of(imp("1").durations(5, 30).build()), bids)))
                .containsExactly("max");
    }

    @Test
    void shouldAllowAnyLengthWithoutMaxDuration() {
        List<Bid> bids = List.of(bid("long", "1").duration(600).build());

        assertThat(bidIds(PodAssembler.assemble(List.of(imp("1").durations(5, 0).build()), bids)))
                .containsExactly("long");
    }

    @Test
    void shouldAcceptOnlyRequiredDurationsWhenGiven() {
        PodImp imp = imp("1").durations(1, 60).requiredDurations(15, 30).build();
        List<Bid> bids = List.of(
                bid("20s", "1").duration(20).price(9).build(), bid("45s", "1").duration(45).price(8).build(),
                bid("30s", "1").duration(30).price(1).build());

        assertThat(bidIds(PodAssembler.assemble(List.of(imp), bids))).containsExactly("30s");
    }

    @Test
    void shouldLetRequiredDurationsOverrideMinAndMax() {
        PodImp imp = imp("1").durations(20, 25).requiredDurations(6).build();

        assertThat(bidIds(PodAssembler.assemble(List.of(imp), List.of(bid("6s", "1").duration(6).build()))))
                .containsExactly("6s");
    }

    @Test
    void shouldFallBackToTheNextBidWhenTheBestCompetesWithAHigherPricedSlot() {
        List<PodImp> imps = List.of(imp("1").pod("p").build(), imp("2").pod("p").build());
        List<Bid> bids = List.of(
                bid("car-1", "1").price(10).domains("cars.example").build(),
                bid("car-2", "2").price(9).domains("CARS.example").build(),
                bid("soda", "2").price(3).domains("soda.example").build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("car-1", "soda");
    }

    @Test
    void shouldTreatAnImpWithoutPodIdAsItsOwnPod() {
        List<PodImp> imps = List.of(imp("solo-1").build(), imp("solo-2").build());
        List<Bid> bids = List.of(bid("a", "solo-1").domains("same.example").build(),
                bid("b", "solo-2").domains("same.example").build());

        assertThat(PodAssembler.assemble(imps, bids))
                .extracting(PodPlacement::podId, PodPlacement::sequence)
                .containsExactly(tuple("solo-1", 1), tuple("solo-2", 1));
    }

    @Test
    void shouldKeepPodsInOrderOfTheirFirstImpAndContiguous() {
        List<PodImp> imps = List.of(imp("x1").pod("x").build(), imp("y1").pod("y").build(), imp("x2").pod("x").build());
        List<Bid> bids = List.of(bid("a", "y1").build(), bid("b", "x2").build(), bid("c", "x1").build());

        assertThat(PodAssembler.assemble(imps, bids))
                .extracting(PodPlacement::podId, PodPlacement::sequence, p -> p.bid().bidId())
                .containsExactly(tuple("x", 1, "c"), tuple("x", 2, "b"), tuple("y", 1, "a"));
    }

    @Test
    void shouldIgnoreBidsForUnknownImps() {
        assertThat(PodAssembler.assemble(List.of(imp("1").build()), List.of(bid("a", "nope").build()))).isEmpty();
    }

    @Test
    void shouldReturnNothingWithoutImpsOrBids() {
        assertThat(PodAssembler.assemble(List.of(), List.of(bid("a", "1").build()))).isEmpty();
        assertThat(PodAssembler.assemble(List.of(imp("1").build()), List.of())).isEmpty();
    }

    @Test
    void shouldLetTheFirstOfTwoImpsWithTheSameIdWin() {
        List<PodImp> imps = List.of(imp("1").pod("p").floor(1).build(), imp("1").pod("q").floor(0).build());

        assertThat(PodAssembler.assemble(imps, List.of(bid("a", "1").price(2).build())))
                .singleElement().satisfies(placement -> assertThat(placement.podId()).isEqualTo("p"));
    }

    @Test
    void shouldPlaceStructuredSlotsBeforeTheDynamicPartOfAHybridPod() {
        List<PodImp> imps = List.of(
                imp("dyn").pod("h").podDuration(60).maxSequence(3).build(), imp("s1").pod("h").build(),
                imp("s2").pod("h").build());
        List<Bid> bids = List.of(
                bid("d1", "dyn").price(20).build(), bid("d2", "dyn").price(15).build(),
                bid("a", "s2").price(1).build(), bid("b", "s1").price(2).build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("b", "a", "d1", "d2");
    }

    @Test
    void shouldKeepAStructuredLastSlotLastInAHybridPod() {
        List<PodImp> imps = List.of(
                imp("closer").pod("h").slot(-1).build(), imp("dyn").pod("h").podDuration(60).build());
        List<Bid> bids = List.of(
                bid("d1", "dyn").price(20).build(), bid("d2", "dyn").price(15).slot(-1).build(),
                bid("c", "closer").price(30).build());

        assertThat(bidIds(PodAssembler.assemble(imps, bids))).containsExactly("d1", "c");
    }
}
