package dev.idgw.gateway.consent;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static dev.idgw.testkit.wait.Eventually.eventuallyFuture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.support.TestRedis;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.testkit.fault.TcpFaultProxy;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The consent cache against a real Redis: it saves the round trip, and it never serves a record that
 * changed — not while reads race with writes, not after the connection is killed, not when the
 * connection goes silent. Each of these fails if invalidation, the session checks or the heartbeat
 * gate is taken out. The other client's writes go out asynchronously too: nothing blocks the event
 * loop that may carry the invalidations.
 */
@Isolated // staleness bounds in milliseconds: CPU-sensitive
@ExtendWith(VertxExtension.class) // a Vert.x per test, closed after it
class ConsentCacheTest {
    private static final Duration MAX_STALENESS = Duration.ofMillis(300);
    private static final ConsentCacheSettings SETTINGS = new ConsentCacheSettings(true, 10_000, Duration.ofMinutes(30),
            MAX_STALENESS, Duration.ofMillis(50));
    private static RedisClient writerClient;
    private static RedisAsyncCommands<String, String> writer;

    private Vertx vertx;
    private Context context;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>(); // closed last first, as try-with-resources

    @BeforeAll
    static void connectTheWriter() {
        writerClient = RedisClient.create(TestRedis.uri());
        writer = writerClient.connect().async();
    }

    @AfterAll
    static void disconnectTheWriter() {
        writerClient.shutdown();
    }

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    /** A store with its own link, cache and key prefix; {@code uri} may point at a fault proxy. */
    private record Rig(String name, RedisLink link, ConsentCache cache, ConsentStore store, ConsentKeys keys,
                       Context context) implements AutoCloseable {
        static Rig on(String uri, Vertx vertx, Context context) {
            String name = "cachetest-" + UUID.randomUUID().toString().substring(0, 8);
            RedisLink link = RedisLink.open(name, new RedisSettings(uri, Duration.ofMillis(200), 10_000, "cachetest"),
                    Duration.ofSeconds(5), vertx);
            ConsentCache cache = ConsentCache.on(link, SETTINGS, Ticker.SYSTEM);
            ConsentKeys keys = new ConsentKeys("cachetest" + UUID.randomUUID().toString().substring(0, 6));
            return new Rig(name, link, cache, new ConsentStore(link, keys, cache), keys, context);
        }

        Future<ConsentLookup> lookup(String device) {
            return store.lookup(Optional.of(device), context);
        }

        /** Before the test's chain starts, on the test's thread. */
        void awaitTrusted() {
            eventually(Duration.ofSeconds(5), () -> assertThat(cache.trusted()).as("tracking session established").isTrue());
        }

        @Override
        public void close() {
            cache.close();
            link.close();
        }
    }

    private Rig rig(String uri) {
        Rig rig = Rig.on(uri, vertx, context);
        opened.push(rig);
        return rig;
    }

    @Test
    void shouldServeARepeatedReadWithoutRedis(VertxTestContext ctx) {
        Rig rig = rig(TestRedis.uri());
        rig.awaitTrusted();
        String device = UUID.randomUUID().toString();
        writeRecord(rig.keys().forDevice(device), true, 1)
                .compose(written -> rig.lookup(device))
                .map(first -> {
                    assertThat(version(first)).isEqualTo(1);
                    return rig.cache().hits();
                })
                .compose(hits -> rig.lookup(device).map(second -> {
                    assertThat(version(second)).isEqualTo(1);
                    return assertThat(rig.cache().hits()).isEqualTo(hits + 1);
                }))
                .onComplete(ctx.succeedingThenComplete());
    }

    /**
     * Random writes from another client (replace, withdraw, delete, multi-key script) on a few devices,
     * with reads in flight while each write happens. After each write is acknowledged, the store must
     * show it within the staleness bound; with invalidation switched off it would show the old record
     * for the cache's max age (30 min).
     */
    @Test
    void shouldNeverServeARecordOlderThanTheStalenessBoundUnderRacingReadsAndWrites(VertxTestContext ctx) {
        Random random = new Random(42);
        Rig rig = rig(TestRedis.uri());
        rig.awaitTrusted();
        List<String> devices = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        int rounds = 300;
        Visibility visibility = new Visibility();
        Future<Void> racing = Future.succeededFuture();
        for (int round = 1; round <= rounds; round++) {
            int r = round;
            racing = racing.compose(previous ->
                    writeWhileReading(rig, devices.get(random.nextInt(devices.size())), r, random, visibility));
        }
        racing.map(done -> {
            assertThat(rig.cache().hits()).as("the cache was actually used").isPositive();
            System.out.printf("consent cache: %d/%d writes visible on the first read after the ack, worst %.1f ms%n",
                    visibility.immediatelyCurrent, rounds, visibility.worstNanos / 1e6);
            // Seen here: ~88 % current on a read made right after the writer's ack; the others current within
            // 6-40 us (the invalidation crosses another connection and thread), worst ~20 ms on a cold JVM.
            System.out.println("first stale reads, microseconds after the ack: " + visibility.lags);
            return null;
        }).onComplete(ctx.succeedingThenComplete());
    }

    /** How soon the writes showed, for the printout; what is asserted is the staleness bound of each. */
    private static final class Visibility {
        long worstNanos;
        int immediatelyCurrent;
        final List<Long> lags = new ArrayList<>();
    }

    /** One round: reads of the device in flight, a write to it by the other client, then reads until it shows. */
    private Future<Void> writeWhileReading(Rig rig, String device, int round, Random random, Visibility visibility) {
        String key = rig.keys().forDevice(device);
        List<Future<ConsentLookup>> inFlight = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            inFlight.add(rig.lookup(device));
        }
        int kind = random.nextInt(4);
        Integer expected = kind == 0 ? null : round;
        Future<Long> acked = switch (kind) {
            case 0 -> ackedAt(writer.del(key));
            case 1 -> ackedAt(writer.eval("redis.call('DEL', KEYS[1]) redis.call('HSET', KEYS[1], unpack(ARGV)) return 1",
                    ScriptOutputType.INTEGER, new String[] {key}, "ad", "1", "jur", "US-CA", "age", "adult", "v",
                    Integer.toString(round)));
            default -> writeRecord(key, random.nextBoolean(), round);
        };
        return acked.compose(at -> Future.join(inFlight).map(at))
                .compose(at -> untilVisible(rig, device, expected, round, at, true, visibility));
    }

    /** Reads until the read shows {@code expected}; fails at a read older than the bound that does not. */
    private Future<Void> untilVisible(Rig rig, String device, Integer expected, int round, long acked, boolean first,
                                      Visibility visibility) {
        return rig.lookup(device).compose(lookup -> {
            if (Objects.equals(version(lookup), expected)) {
                visibility.immediatelyCurrent += first ? 1 : 0;
                visibility.worstNanos = Math.max(visibility.worstNanos, System.nanoTime() - acked);
                return Future.succeededFuture();
            }
            if (first) {
                visibility.lags.add((System.nanoTime() - acked) / 1000);
            }
            assertThat(System.nanoTime() - acked).as("round %d: write not visible within the staleness bound", round)
                    .isLessThan(MAX_STALENESS.toNanos());
            // on a timer, not at once: a cached answer completes at once, and the invalidation needs the loop
            return vertx.timer(1).compose(paused -> untilVisible(rig, device, expected, round, acked, false, visibility));
        });
    }

    @Test
    void shouldForgetEverythingWhenItsConnectionIsKilled(VertxTestContext ctx) {
        Rig rig = rig(TestRedis.uri());
        rig.awaitTrusted();
        String device = UUID.randomUUID().toString();
        String key = rig.keys().forDevice(device);
        List<String> wrongReads = new ArrayList<>(); // checked on every read, not only the last
        writeRecord(key, true, 1)
                .compose(written -> rig.lookup(device))
                .map(first -> assertThat(version(first)).isEqualTo(1))
                .compose(ok -> rig.lookup(device))
                .map(cached -> assertThat(version(cached)).isEqualTo(1)) // served from the cache
                .compose(ok -> killConnectionsNamed("idgw-" + rig.name()))
                .map(killed -> assertThat(killed).isPositive())
                .compose(ok -> writeRecord(key, false, 2)) // no tracking on the old connection: no invalidation will come
                .compose(written -> eventuallyFuture(vertx, Duration.ofSeconds(5), Duration.ofMillis(5),
                        () -> rig.lookup(device).map(lookup -> { // reconnect included
                            // Unavailable while reconnecting: strips, which is fine. The kill reaches the client as
                            // a FIN, usually at once; until it is read (or the heartbeat goes stale) the cache may
                            // still answer, but never past the staleness bound.
                            long age = System.nanoTime() - written;
                            if (lookup instanceof ConsentLookup.Missing) {
                                wrongReads.add("missing");
                            } else if (lookup instanceof ConsentLookup.Found found && found.record().version() == 1
                                    && age > MAX_STALENESS.toNanos()) {
                                wrongReads.add("the old record past the staleness bound, " + age / 1_000_000
                                        + " ms after the write");
                            }
                            assertThat(lookup).as("the new record once the connection is back")
                                    .isInstanceOfSatisfying(ConsentLookup.Found.class,
                                            f -> assertThat(f.record().version()).isEqualTo(2));
                            return lookup;
                        })))
                .map(current -> {
                    assertThat(wrongReads).as("after the connection died").isEmpty();
                    return null;
                })
                .onComplete(ctx.succeedingThenComplete());
    }

    /** A connection that goes silent (no FIN, no RST) carries no invalidations: the cache must stop. */
    @Test
    void shouldStopServingWithinTheStalenessBoundWhenTheConnectionGoesSilent(VertxTestContext ctx) {
        URI redis = URI.create(TestRedis.uri());
        TcpFaultProxy proxy = TcpFaultProxy.start(redis.getHost(), redis.getPort());
        opened.push(proxy);
        Rig rig = rig("redis://127.0.0.1:" + proxy.port());
        rig.awaitTrusted();
        String device = UUID.randomUUID().toString();
        writeRecord(rig.keys().forDevice(device), true, 1)
                .compose(written -> rig.lookup(device))
                .map(first -> assertThat(version(first)).isEqualTo(1))
                .compose(ok -> rig.lookup(device))
                .map(cached -> assertThat(version(cached)).isEqualTo(1))
                .compose(ok -> {
                    proxy.blackhole();
                    // A deliberate pause, not a wait for an event: what is checked is the state once the bound
                    // has passed.
                    return vertx.timer(MAX_STALENESS.toMillis() + 50);
                })
                .compose(paused -> {
                    assertThat(rig.cache().trusted()).isFalse();
                    return rig.lookup(device);
                })
                .map(lookup -> assertThat(lookup).as("a silent connection means strip, not the cached record")
                        .isInstanceOf(ConsentLookup.Unavailable.class))
                .onComplete(ctx.succeedingThenComplete());
    }

    /** Kills the connections of that client name; answers how many. */
    private Future<Long> killConnectionsNamed(String name) {
        return redis(c -> c.clientList()).compose(clients -> {
            List<Future<Long>> kills = new ArrayList<>();
            for (String line : clients.split("\n")) {
                if (line.contains("name=" + name + " ")) {
                    long id = Long.parseLong(line.replaceAll("^id=(\\d+) .*", "$1"));
                    kills.add(redis(c -> c.clientKill(KillArgs.Builder.id(id))));
                }
            }
            return Future.all(kills).map(all -> kills.stream().mapToLong(Future::result).sum());
        });
    }

    /** Replaces the record by the other client; answers when (System.nanoTime) Redis acknowledged it. */
    private Future<Long> writeRecord(String key, boolean consent, int version) {
        return redis(c -> c.del(key)).compose(deleted -> ackedAt(writer.hset(key,
                Map.of("ad", consent ? "1" : "0", "jur", "US-CA", "age", "adult", "v", Integer.toString(version)))));
    }

    /** The time of the reply, taken on the thread that read it, as a blocking call would return it. */
    private Future<Long> ackedAt(RedisFuture<?> command) {
        return Future.fromCompletionStage(command.thenApply(reply -> System.nanoTime()), context);
    }

    private <T> Future<T> redis(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        return Future.fromCompletionStage(command.apply(writer), context);
    }

    private static Integer version(ConsentLookup lookup) {
        if (lookup instanceof ConsentLookup.Found found) {
            return (int) found.record().version();
        }
        assertThat(lookup).isInstanceOf(ConsentLookup.Missing.class);
        return null;
    }
}
