package dev.idgw.gateway.sharelog;

import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.support.ShareLedger;
import dev.idgw.gateway.support.TestRedis;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import dev.idgw.testkit.fault.TcpFaultProxy;
import io.lettuce.core.RedisClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Appends from several event loops at once are batched into few script calls, and the chain stays
 * whole: every acknowledged entry is stored once, in order, with no gap or fork, also when Redis
 * forgets the script, and when Redis stops answering halfway (those appends fail; none is half-written).
 */
class ShareLogBatchingTest {
    private static final String PREFIX = "batchtest";
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldBatchConcurrentAppendsAndKeepTheChainWhole() throws Exception {
        String writer = "w-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisLink link = link(TestRedis.uri())) {
            ShareLog log = new ShareLog(link, PREFIX, writer);
            log.open();
            List<ChainedEntry> acked = appendConcurrently(log, 2_000, 4, 64);
            log.close();
            assertThat(acked).hasSize(2_000);
            assertThat(log.batches()).as("batched: fewer script calls than entries").isLessThan(2_000);
            ShareLedger ledger = ShareLedger.read(TestRedis.uri(), PREFIX, writer);
            assertThat(ledger.entries()).hasSize(2_000);
            for (int i = 0; i < ledger.entries().size(); i++) {
                assertThat(ledger.entries().get(i).seq()).isEqualTo(i + 1);
            }
            assertThat(ChainVerifier.verify(writer, ledger.entries(), List.of(), id -> java.util.Optional.empty(), false)
                    .firstFailure()).isEmpty();
        }
    }

    @Test
    void shouldResendTheScriptBodyWhenRedisForgotIt() throws Exception {
        String writer = "w-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisLink link = link(TestRedis.uri())) {
            ShareLog log = new ShareLog(link, PREFIX, writer);
            log.open();
            assertThat(appendConcurrently(log, 10, 1, 1)).hasSize(10);
            RedisClient client = RedisClient.create(TestRedis.uri());
            try (var c = client.connect()) {
                c.sync().scriptFlush();
            } finally {
                client.shutdown();
            }
            assertThat(appendConcurrently(log, 10, 1, 1)).as("NOSCRIPT is not a failure").hasSize(10);
            log.close();
            assertThat(ShareLedger.read(TestRedis.uri(), PREFIX, writer).entries()).hasSize(20);
        }
    }

    /** Redis goes silent with appends queued and in flight, then comes back: no gap, no duplicate seq. */
    @Test
    void shouldFailQueuedAppendsTogetherAndResumeTheChainAfterAnOutage() throws Exception {
        URI redis = URI.create(TestRedis.uri());
        String writer = "w-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(3);
        try (TcpFaultProxy proxy = TcpFaultProxy.start(redis.getHost(), redis.getPort());
             RedisLink link = link("redis://127.0.0.1:" + proxy.port())) {
            ShareLog log = new ShareLog(link, PREFIX, writer);
            log.open();
            int acknowledged = 0;
            for (int round = 0; round < 6; round++) {
                if (round % 2 == 1) {
                    proxy.blackhole();
                }
                acknowledged += appendConcurrently(log, 50 + random.nextInt(100), 2, 16).size();
                proxy.pass();
                // The link replaces a connection that lost replies; the writer re-reads the head.
                int r = round;
                acknowledged += eventuallyGet(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
                    int resumed = appendConcurrently(log, 1, 1, 1).size();
                    assertThat(resumed).as("round %d: appends resume after the outage", r).isEqualTo(1);
                    return resumed;
                });
            }
            acknowledged += appendConcurrently(log, 100, 2, 16).size();
            log.close();
            ShareLedger ledger = ShareLedger.read(TestRedis.uri(), PREFIX, writer);
            Set<Long> seqs = new HashSet<>();
            for (int i = 0; i < ledger.entries().size(); i++) {
                assertThat(ledger.entries().get(i).seq()).as("no gap, no fork").isEqualTo(i + 1);
                assertThat(seqs.add(ledger.entries().get(i).seq())).isTrue();
            }
            assertThat(ledger.entries().size()).as("every acknowledged entry is stored")
                    .isGreaterThanOrEqualTo(acknowledged);
            assertThat(acknowledged).as("it resumed after each outage (asserted per round) and kept going").isPositive();
            assertThat(ChainVerifier.verify(writer, ledger.entries(), List.of(), id -> java.util.Optional.empty(), false)
                    .firstFailure()).isEmpty();
        }
    }

    private static RedisLink link(String uri) {
        return RedisLink.open("batch-" + UUID.randomUUID().toString().substring(0, 6),
                new RedisSettings(uri, Duration.ofMillis(100), 100_000, PREFIX), Duration.ofSeconds(5), vertx);
    }

    /** {@code total} appends from {@code loops} contexts, {@code concurrency} in flight each; returns the acked. */
    private static List<ChainedEntry> appendConcurrently(ShareLog log, int total, int loops, int concurrency)
            throws Exception {
        List<ChainedEntry> acked = new CopyOnWriteArrayList<>();
        List<Future<Void>> done = new ArrayList<>();
        int perLoop = total / loops;
        for (int l = 0; l < loops; l++) {
            int count = l == loops - 1 ? total - perLoop * (loops - 1) : perLoop;
            // each loop on its own event loop, like the player verticles
            Context own = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
            done.add(Future.<Void>future(p -> own.runOnContext(v -> {
                List<Future<ChainedEntry>> all = new ArrayList<>();
                int[] started = {0};
                for (int i = 0; i < Math.min(concurrency, count); i++) {
                    all.add(next(log, own, count, started, acked));
                }
                Future.join(all).onComplete(x -> p.complete());
            })));
        }
        Future.join(done).await(60, TimeUnit.SECONDS);
        return acked;
    }

    /** A typical two-partner record; only its chaining matters here. */
    private static ShareRecord sample(String writer) {
        return new ShareRecord(UUID.randomUUID().toString(), Instant.now(), UUID.randomUUID().toString(), writer,
                "62c88621925df75feab594b95d2410dc83d8aaf8125add03c6f268035be70d1f", "20261129T103807-10e208", "US-CA", 3,
                "2026-11-01", List.of(
                new ShareEntry("acme-ssp", PartnerRole.THIRD_PARTY, "advertising network", EnumSet.allOf(Field.class),
                        List.of("identifiers"), "opt_out_not_exercised"),
                new ShareEntry("measurely", PartnerRole.SERVICE_PROVIDER, "ad measurement service provider",
                        EnumSet.of(Field.IP, Field.HASHED_EMAIL), List.of("identifiers"), "service_provider")));
    }

    private static Future<ChainedEntry> next(ShareLog log, Context context, int count, int[] started,
                                             List<ChainedEntry> acked) {
        if (started[0] >= count) {
            return Future.succeededFuture();
        }
        started[0]++;
        return log.append(sample(log.writerId()), context)
                .andThen(r -> {
                    if (r.succeeded()) {
                        acked.add(r.result());
                    }
                })
                .transform(r -> next(log, context, count, started, acked));
    }
}
