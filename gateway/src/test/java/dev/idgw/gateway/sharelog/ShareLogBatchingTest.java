package dev.idgw.gateway.sharelog;

import static dev.idgw.testkit.wait.Eventually.eventuallyFuture;
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
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Appends from several event loops at once are batched into few script calls, and the chain stays
 * whole: every acknowledged entry is stored once, in order, with no gap or fork, also when Redis
 * forgets the script, and when Redis stops answering halfway (those appends fail; none is half-written).
 * The stored chain is read back with a blocking client, so on a worker thread.
 */
@ExtendWith(VertxExtension.class) // a Vert.x per test, closed after it
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS) // the outage test may wait 10 s in each of its 6 rounds
class ShareLogBatchingTest {
    private static final String PREFIX = "batchtest";
    private Vertx vertx;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>(); // closed last first, as try-with-resources

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
    }

    @AfterEach
    void stop() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    @Test
    void shouldBatchConcurrentAppendsAndKeepTheChainWhole(VertxTestContext ctx) {
        String writer = "w-" + UUID.randomUUID().toString().substring(0, 8);
        ShareLog log = openLog(link(TestRedis.uri()), writer);
        appendConcurrently(log, 2_000, 4, 64)
                .map(acked -> {
                    log.close();
                    assertThat(acked).hasSize(2_000);
                    return assertThat(log.batches()).as("batched: fewer script calls than entries").isLessThan(2_000);
                })
                .compose(ok -> ledger(writer))
                .map(ledger -> {
                    assertThat(ledger.entries()).hasSize(2_000);
                    for (int i = 0; i < ledger.entries().size(); i++) {
                        assertThat(ledger.entries().get(i).seq()).isEqualTo(i + 1);
                    }
                    return assertThat(ChainVerifier.verify(writer, ledger.entries(), List.of(),
                            id -> java.util.Optional.empty(), false).firstFailure()).isEmpty();
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldResendTheScriptBodyWhenRedisForgotIt(VertxTestContext ctx) {
        String writer = "w-" + UUID.randomUUID().toString().substring(0, 8);
        ShareLog log = openLog(link(TestRedis.uri()), writer);
        appendConcurrently(log, 10, 1, 1)
                .map(acked -> assertThat(acked).hasSize(10))
                .compose(ok -> vertx.executeBlocking(() -> {
                    RedisClient client = RedisClient.create(TestRedis.uri());
                    try (var c = client.connect()) {
                        return c.sync().scriptFlush();
                    } finally {
                        client.shutdown();
                    }
                }))
                .compose(flushed -> appendConcurrently(log, 10, 1, 1))
                .map(acked -> {
                    log.close();
                    return assertThat(acked).as("NOSCRIPT is not a failure").hasSize(10);
                })
                .compose(ok -> ledger(writer))
                .map(ledger -> assertThat(ledger.entries()).hasSize(20))
                .onComplete(ctx.succeedingThenComplete());
    }

    /** Redis goes silent with appends queued and in flight, then comes back: no gap, no duplicate seq. */
    @Test
    void shouldFailQueuedAppendsTogetherAndResumeTheChainAfterAnOutage(VertxTestContext ctx) {
        URI redis = URI.create(TestRedis.uri());
        String writer = "w-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(3);
        TcpFaultProxy proxy = TcpFaultProxy.start(redis.getHost(), redis.getPort());
        opened.push(proxy);
        ShareLog log = openLog(link("redis://127.0.0.1:" + proxy.port()), writer);
        AtomicInteger acknowledged = new AtomicInteger();
        Future<Void> rounds = Future.succeededFuture();
        for (int round = 0; round < 6; round++) {
            int r = round;
            rounds = rounds
                    .compose(previous -> {
                        if (r % 2 == 1) {
                            proxy.blackhole();
                        }
                        return appendConcurrently(log, 50 + random.nextInt(100), 2, 16);
                    })
                    .compose(acked -> {
                        acknowledged.addAndGet(acked.size());
                        proxy.pass();
                        // The link replaces a connection that lost replies; the writer re-reads the head.
                        return eventuallyFuture(vertx, Duration.ofSeconds(10), Duration.ofMillis(50),
                                () -> appendConcurrently(log, 1, 1, 1).map(resumed -> assertThat(resumed)
                                        .as("round %d: appends resume after the outage", r).hasSize(1)));
                    })
                    .map(resumed -> {
                        acknowledged.addAndGet(1);
                        return null;
                    });
        }
        rounds.compose(outages -> appendConcurrently(log, 100, 2, 16))
                .map(acked -> {
                    acknowledged.addAndGet(acked.size());
                    log.close();
                    return null;
                })
                .compose(ok -> ledger(writer))
                .map(ledger -> {
                    Set<Long> seqs = new HashSet<>();
                    for (int i = 0; i < ledger.entries().size(); i++) {
                        assertThat(ledger.entries().get(i).seq()).as("no gap, no fork").isEqualTo(i + 1);
                        assertThat(seqs.add(ledger.entries().get(i).seq())).isTrue();
                    }
                    assertThat(ledger.entries().size()).as("every acknowledged entry is stored")
                            .isGreaterThanOrEqualTo(acknowledged.get());
                    assertThat(acknowledged.get()).as("it resumed after each outage (asserted per round) and kept going")
                            .isPositive();
                    return assertThat(ChainVerifier.verify(writer, ledger.entries(), List.of(),
                            id -> java.util.Optional.empty(), false).firstFailure()).isEmpty();
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    private RedisLink link(String uri) {
        RedisLink link = RedisLink.open("batch-" + UUID.randomUUID().toString().substring(0, 6),
                new RedisSettings(uri, Duration.ofMillis(100), 100_000, PREFIX), Duration.ofSeconds(5), vertx);
        opened.push(link);
        return link;
    }

    /** Opened on the test's thread: opening reads the chain head and may block briefly. */
    private ShareLog openLog(RedisLink link, String writer) {
        ShareLog log = new ShareLog(link, PREFIX, writer);
        log.open();
        opened.push(log::close);
        return log;
    }

    /** The writer's stored chain, read with a blocking client off the event loop. */
    private Future<ShareLedger> ledger(String writer) {
        return vertx.executeBlocking(() -> ShareLedger.read(TestRedis.uri(), PREFIX, writer));
    }

    /** {@code total} appends from {@code loops} contexts, {@code concurrency} in flight each; answers the acked. */
    private Future<List<ChainedEntry>> appendConcurrently(ShareLog log, int total, int loops, int concurrency) {
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
        return Future.join(done).map(acked);
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
