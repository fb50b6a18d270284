package dev.idgw.loadtest;

/** Where a run's requests come from; called only on the generator's event loop, in order. */
@FunctionalInterface
public interface AdPodRequestSource {
  /** The request scheduled as number {@code n} of this run (warmup included). */
  AdPodRequest next(long n);
}
