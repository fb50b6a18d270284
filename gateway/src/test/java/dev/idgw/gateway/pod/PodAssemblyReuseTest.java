package dev.idgw.gateway.pod;

import static dev.idgw.gateway.pod.PodFixtures.bid;
import static dev.idgw.gateway.pod.PodFixtures.imp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-thread working state of {@link PodAssembler}: never shared, never mixed into another call's answer. */
class PodAssemblyReuseTest {
    private static final List<PodImp> IMPS = List.of(imp("1").pod("p").podDuration(60).maxSequence(4).build(), imp("2").build());

    private static List<Bid> bids(String prefix, int count) {
        List<Bid> bids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bids.add(bid(prefix + i, i % 3 == 0 ? "2" : "1").price(1 + i % 7).domains(prefix + (i % 5) + ".example")
                    .build());
        }
        return bids;
    }

    @Test
    void shouldAnswerACallMadeFromWithinAnotherAsIfAlone() {
        List<Bid> inner = bids("inner-", 6);
        List<PodPlacement> expected = ReferencePodAssembler.assemble(IMPS, inner);
        List<List<PodPlacement>> nested = new ArrayList<>();
        List<Bid> outer = bids("outer-", 6);
        List<Bid> reentering = new AbstractList<>() {
            @Override
            public Bid get(int index) {
                if (index == 3) {
                    nested.add(PodAssembler.assemble(IMPS, inner));
                }
                return outer.get(index);
            }

            @Override
            public int size() {
                return outer.size();
            }
        };

        assertThat(PodAssembler.assemble(IMPS, reentering)).isEqualTo(ReferencePodAssembler.assemble(IMPS, outer));
        assertThat(nested).containsExactly(expected);
    }

    @Test
    void shouldAnswerEachThreadItsOwnPods() throws Exception {
        OnThreadsAtOnce.assertEveryRoundHolds(4, 2_000, (thread, round) -> {
            List<Bid> bids = bids("t" + thread + "-" + round + "-", 1 + round % 40);
            return PodAssembler.assemble(IMPS, bids).equals(ReferencePodAssembler.assemble(IMPS, bids));
        });
    }
}
