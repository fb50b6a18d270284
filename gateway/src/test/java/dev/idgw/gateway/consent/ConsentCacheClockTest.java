package dev.idgw.gateway.consent;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.support.ManualTicker;
import dev.idgw.gateway.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consent cache's two time bounds on an injected ticker, against a real Redis: an entry is re-read
 * once older than {@code maxAge}, and nothing is served once the last answered heartbeat is older than
 * {@code maxStaleness}. The heartbeat is scheduled once an hour (real time), so after the first one,
 * which starts the session, only the test moves time. Both fail if the cache or the session read the
 * system clock instead of the ticker.
 */
@ExtendWith(VertxExtension.class) // a Vert.x per test, closed after it
class ConsentCacheClockTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(30);
    private static final Duration MAX_STALENESS = Duration.ofHours(2);
    private static final ConsentCacheSettings SETTINGS = new ConsentCacheSettings(true, 1000, MAX_AGE, MAX_STALENESS,
            Duration.ofHours(1));
    private static RedisClient writerClient;

    private final ManualTicker ticker = new ManualTicker();
    private final ConsentKeys keys = new ConsentKeys("clocktest" + UUID.randomUUID().toString().substring(0, 6));
    private final String device = UUID.randomUUID().toString();
    private Context context;
    private RedisLink link;
    private ConsentCache cache;
    private ConsentStore store;

    @BeforeAll
    static void start() {
        writerClient = RedisClient.create(TestRedis.uri());
    }

    @AfterAll
    static void stop() {
        writerClient.shutdown();
    }

    @BeforeEach
    void openCacheWithARecordInIt(Vertx vertx, VertxTestContext ctx) {
        context = vertx.getOrCreateContext();
        link = RedisLink.open("clocktest", new RedisSettings(TestRedis.uri(), Duration.ofSeconds(1), 1000, "clocktest"),
                Duration.ofSeconds(5), vertx);
        cache = ConsentCache.on(link, SETTINGS, ticker);
        store = new ConsentStore(link, keys, cache);
        awaitTrusted();
        try (var writer = writerClient.connect()) {
            writer.sync().hset(keys.forDevice(device), Map.of("ad", "1", "jur", "US-CA", "age", "adult", "v", "7"));
        }
        lookup().map(first -> assertThat(first).as("first read: from Redis, then cached")
                        .isInstanceOf(ConsentLookup.Found.class))
                .compose(cached -> assertServedFromTheCache(true))
                .onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void close() {
        cache.close();
        link.close();
        try (var writer = writerClient.connect()) {
            writer.sync().del(keys.forDevice(device));
        }
    }

    @Test
    void shouldServeAnEntryUntilItIsMaxAgeOldThenReadRedisAgain(VertxTestContext ctx) {
        ticker.advance(MAX_AGE.minusSeconds(1));
        assertServedFromTheCache(true)
                .compose(young -> {
                    ticker.advance(Duration.ofSeconds(1));
                    return assertServedFromTheCache(false);
                })
                .compose(reread -> assertServedFromTheCache(true)) // the fresh answer is cached again
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldStopServingOnceTheLastAnsweredHeartbeatIsOlderThanMaxStaleness(VertxTestContext ctx) {
        ticker.advance(MAX_STALENESS.minusMinutes(1));
        assertServedFromTheCache(false) // older than maxAge by now: re-read, and cached again
                .compose(cachedAgain -> {
                    ticker.advance(Duration.ofMinutes(1));
                    assertThat(cache.trusted()).as("session started exactly maxStaleness ago: still trusted").isTrue();
                    return assertServedFromTheCache(true);
                })
                .compose(trusted -> {
                    ticker.advance(Duration.ofNanos(1));
                    assertThat(cache.trusted()).as("no answered heartbeat within maxStaleness").isFalse();
                    return assertServedFromTheCache(false);
                })
                .compose(stale -> assertServedFromTheCache(false)) // nor is the answer cached while stale
                .onComplete(ctx.succeedingThenComplete());
    }

    /** Looks the device up; fails (an AssertionError in the future) unless the answer came as {@code expected}. */
    private Future<Void> assertServedFromTheCache(boolean expected) {
        long hits = cache.hits();
        return lookup().map(lookup -> {
            assertThat(lookup).isInstanceOf(ConsentLookup.Found.class);
            assertThat(((ConsentLookup.Found) lookup).record().version()).isEqualTo(7);
            assertThat(cache.hits() - hits).as(expected ? "served from the cache" : "read from Redis")
                    .isEqualTo(expected ? 1 : 0);
            return null;
        });
    }

    private Future<ConsentLookup> lookup() {
        return store.lookup(Optional.of(device), context);
    }

    /** The first heartbeat starts the session (a real round trip); bounded, never a timing assertion. */
    private void awaitTrusted() {
        eventually(Duration.ofSeconds(5), () -> assertThat(cache.trusted()).as("tracking session established").isTrue());
    }
}
