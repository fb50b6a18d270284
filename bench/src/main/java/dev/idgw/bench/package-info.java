/**
 * JMH benchmarks of the gateway's in-process hot path (player request to partner payloads, bid
 * responses to the pod), with a fixture that is the hot path's only caller here, so a change of the
 * hot-path APIs is followed in one class; and two Redis measurements with a main of their own,
 * {@link dev.idgw.bench.AppendBenchmark} (share-log appends per second) and
 * {@link dev.idgw.bench.RedisThreadsBenchmark} (Lettuce on its own threads or on the event loops).
 * Commands of their own, never part of the tests.
 */
package dev.idgw.bench;
