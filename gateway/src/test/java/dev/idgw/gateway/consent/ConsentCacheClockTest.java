package dev.idgw.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.support.ManualTicker;
import dev.idgw.gateway.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent cache's two time bounds on an injected ticker, against a real Redis: an entry is re-read
 * once older than {@code maxAge}, and nothing is served once the last answered heartbeat is older than
 * {@code maxStaleness}. The heartbeat is scheduled once an hour (real time), so after the first one,
 * which starts the session, only the test moves time. Both fail if the cache or the session read the
 * system clock instead of the ticker.
 */
class ConsentCacheClockTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(30);
    private static final Duration MAX_STALENESS = Duration.ofHours(2);
    private static final ConsentCacheSettings SETTINGS = new ConsentCacheSettings(true, 1000, MAX_AGE, MAX_STALENESS,
            Duration.ofHours(1));
    private static Vertx vertx;
    private static Context context;
    private static RedisClient writerClient;

    private final ManualTicker ticker = new ManualTicker();
    private final ConsentKeys keys = new ConsentKeys("clocktest" + UUID.randomUUID().toString().substring(0, 6));
    private final String device = UUID.randomUUID().toString();
    private RedisLink link;
    private ConsentCache cache;
    private ConsentStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        writerClient = RedisClient.create(TestRedis.uri());
    }

    @AfterAll
    static void stop() throws Exception {
        writerClient.shutdown();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @BeforeEach
    void openCacheWithARecordInIt() throws Exception {
        link = RedisLink.open("clocktest", new RedisSettings(TestRedis.uri(), Duration.ofSeconds(1), 1000, "clocktest"),
                Duration.ofSeconds(5), vertx);
        cache = ConsentCache.on(link, SETTINGS, ticker);
        store = new ConsentStore(link, keys, cache);
        awaitTrusted();
        try (var writer = writerClient.connect()) {
            writer.sync().hset(keys.forDevice(device), Map.of("ad", "1", "jur", "US-CA", "age", "adult", "v", "7"));
        }
        assertThat(lookup()).as("first read: from Redis, then cached").isInstanceOf(ConsentLookup.Found.class);
        assertServedFromTheCache(true);
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
    void shouldServeAnEntryUntilItIsMaxAgeOldThenReadRedisAgain() {
        ticker.advance(MAX_AGE.minusSeconds(1));
        assertServedFromTheCache(true);

        ticker.advance(Duration.ofSeconds(1));
        assertServedFromTheCache(false);
        assertServedFromTheCache(true); // the fresh answer is cached again
    }

    @Test
    void shouldStopServingOnceTheLastAnsweredHeartbeatIsOlderThanMaxStaleness() {
        ticker.advance(MAX_STALENESS.minusMinutes(1));
        assertServedFromTheCache(false); // older than maxAge by now: re-read, and cached again
        ticker.advance(Duration.ofMinutes(1));
        assertThat(cache.trusted()).as("session started exactly maxStaleness ago: still trusted").isTrue();
        assertServedFromTheCache(true);

        ticker.advance(Duration.ofNanos(1));
        assertThat(cache.trusted()).as("no answered heartbeat within maxStaleness").isFalse();
        assertServedFromTheCache(false);
        assertServedFromTheCache(false); // nor is the answer cached while stale
    }

    private void assertServedFromTheCache(boolean expected) {
        long hits = cache.hits();
        ConsentLookup lookup = lookup();
        assertThat(lookup).isInstanceOf(ConsentLookup.Found.class);
        assertThat(((ConsentLookup.Found) lookup).record().version()).isEqualTo(7);
        assertThat(cache.hits() - hits).as(expected ? "served from the cache" : "read from Redis")
                .isEqualTo(expected ? 1 : 0);
    }

    private ConsentLookup lookup() {
        try {
            return store.lookup(Optional.of(device), context).await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The first heartbeat starts the session (a real round trip); bounded, never a timing assertion. */
    private void awaitTrusted() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cache.trusted() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(cache.trusted()).as("tracking session established").isTrue();
    }
}
