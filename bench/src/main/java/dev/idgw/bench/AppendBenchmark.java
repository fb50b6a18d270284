package dev.idgw.bench;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code java -cp bench/target/benchmarks.jar dev.idgw.bench.AppendBenchmark --redis URI [--seconds 10]
 * [--inflight 64]}: how many
 * acknowledged, chained share-log appends per second a Redis takes, with {@code inflight} appends
 * pipelined at once (as concurrent ad requests produce them), and each append's latency. Writes to a
 * writer id of its own ({@code bench-<random>}) under the key prefix {@code idgw-bench}.
 */
public final class AppendBenchmark {
    private AppendBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out));
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        String uri = option(args, "--redis", "redis://127.0.0.1:6379");
        int seconds = Integer.parseInt(option(args, "--seconds", "10"));
        int inflight = Integer.parseInt(option(args, "--inflight", "64"));
        Vertx vertx = Vertx.vertx();
        String writer = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisLink link = RedisLink.open("bench", new RedisSettings(uri, Duration.ofSeconds(2), 100_000, "idgw-bench"),
                Duration.ofSeconds(5), vertx)) {
            ShareLog log = new ShareLog(link, "idgw-bench", writer);
            log.open();
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Context context = vertx.getOrCreateContext();
            Promise<Void> finished = Promise.promise();
            AtomicLong running = new AtomicLong(inflight);
            context.runOnContext(v -> {
                for (int i = 0; i < inflight; i++) {
                    loop(log, context, end, latency, done, failed, running, finished);
                }
            });
            finished.future().await(seconds + 30L, TimeUnit.SECONDS);
            log.close();
            out.printf("appends: %d acknowledged, %d failed in %d s = %.0f entries/s with %d in flight%n", done.get(),
                    failed.get(), seconds, done.get() / (double) seconds, inflight);
            out.printf("append latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
            out.printf("batching: %d script calls, %.1f entries per call%n", log.batches(),
                    log.batchedEntries() / (double) Math.max(1, log.batches()));
            out.printf("chain head: seq %d (stream %s)%n", log.acknowledgedHead().seq(), log.keys().stream());
            return failed.get() == 0 ? 0 : 1;
        } finally {
            vertx.close();
        }
    }

    private static void loop(ShareLog log, Context context, long end, Histogram latency, AtomicLong done,
                             AtomicLong failed, AtomicLong running, Promise<Void> finished) {
        if (System.nanoTime() >= end) {
            if (running.decrementAndGet() == 0) {
                finished.tryComplete();
            }
            return;
        }
        long start = System.nanoTime();
        Future<ChainedEntry> append = log.append(sample(log.writerId()), context);
        append.onComplete(r -> {
            if (r.succeeded()) {
                latency.recordValue(Math.min((System.nanoTime() - start) / 1000, latency.getHighestTrackableValue()));
                done.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(log, context, end, latency, done, failed, running, finished);
        });
    }

    /** A typical two-partner record. */
    static ShareRecord sample(String writer) {
        return new ShareRecord(UUID.randomUUID().toString(), Instant.now(), UUID.randomUUID().toString(), writer,
                "62c88621925df75feab594b95d2410dc83d8aaf8125add03c6f268035be70d1f", "20261129T103807-10e208", "US-CA", 3,
                "2026-11-01", List.of(
                new ShareEntry("acme-ssp", PartnerRole.THIRD_PARTY, "advertising network", EnumSet.allOf(Field.class),
                        List.of("identifiers"), "opt_out_not_exercised"),
                new ShareEntry("measurely", PartnerRole.SERVICE_PROVIDER, "ad measurement service provider",
                        EnumSet.of(Field.IP, Field.HASHED_EMAIL), List.of("identifiers"), "service_provider")));
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
