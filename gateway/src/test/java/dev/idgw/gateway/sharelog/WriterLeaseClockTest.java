package dev.idgw.gateway.sharelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.support.ManualTicker;
import dev.idgw.gateway.support.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's lease is valid for two thirds of its TTL from when the last renewal was sent, on the injected
 * ticker, against a real Redis: taken and never renewed (no {@link WriterLease#keep} timer), {@code held()}
 * stays true up to the last nanosecond of that window and is false from its end on, so appends stop before
 * Redis could hand the lease to another instance. Fails if the lease read the system clock instead.
 */
class WriterLeaseClockTest {
    private static final Duration TTL = Duration.ofSeconds(15);
    private static final Duration VALIDITY = Duration.ofSeconds(10); // two thirds of the TTL

    private final ManualTicker ticker = new ManualTicker();
    private final ShareLogKeys keys = new ShareLogKeys("leaseclock" + UUID.randomUUID().toString().substring(0, 8),
            "writer");
    private RedisLink link;
    private WriterLease lease;

    @BeforeEach
    void takeTheLease() {
        link = RedisLink.open("leaseclock", new RedisSettings(TestRedis.uri(), Duration.ofSeconds(2), 1000,
                keys.prefix(), List.of()), Duration.ofSeconds(5));
        lease = WriterLease.take(link, keys, TTL, TestRedis.uri(), "a test: nothing else should hold it", ticker);
        assertThat(lease.held()).as("taken from a Redis that answered").isTrue();
    }

    @AfterEach
    void release() {
        lease.closeThrough(link);
        link.close();
    }

    @Test
    void shouldStopBeingHeldExactlyWhenTwoThirdsOfTheTtlPassedWithoutARenewal() {
        ticker.advance(VALIDITY.minusNanos(1));
        assertThat(lease.held()).as("the last nanosecond of the validity window").isTrue();

        ticker.advance(Duration.ofNanos(1));
        assertThat(lease.held()).as("two thirds of the TTL since the take was sent, no renewal").isFalse();
        ticker.advance(TTL);
        assertThat(lease.held()).isFalse();
    }
}
