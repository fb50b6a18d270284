package dev.idgw.gateway.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs rounds of a check on several threads at once: for code that keeps per-thread scratch state. */
final class OnThreadsAtOnce {
    /** One round on thread {@code thread}: true when the code under test gave the expected answer. */
    interface Round {
        boolean holds(int thread, int round);
    }

    private OnThreadsAtOnce() {
    }

    static void assertEveryRoundHolds(int threadCount, int rounds, Round check) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(threadCount);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        if (!check.holds(thread, round)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
