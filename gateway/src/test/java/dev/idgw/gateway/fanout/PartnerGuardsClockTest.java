package dev.idgw.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.ManualTicker;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A partner's breaker waits out {@code breakerOpenFor} on the injected ticker: the partner is not called
 * until it has passed, then gets its probe, and an answer closes the breaker again. Fails if the breaker
 * read the system clock instead (nothing here sleeps through the 30 s).
 */
class PartnerGuardsClockTest {
    private static final Duration OPEN_FOR = Duration.ofSeconds(30);
    private static final PartnerProfile PARTNER = new PartnerProfile("p-clock", URI.create("http://127.0.0.1:9/bid"),
            PartnerRole.THIRD_PARTY, "advertising network", Set.of(), EmailHashFormat.SHA256_HEX, "hashed-email.test",
            StrippedIpHandling.REMOVE, Duration.ofMillis(100));

    private final ManualTicker ticker = new ManualTicker();
    private final PartnerGuards guards = new PartnerGuards(new GuardSettings(4, 4, 50f, OPEN_FOR, 1, 8), ticker);

    @Test
    void shouldNotCallAPartnerWhoseBreakerOpenedUntilItsOpenTimePassedThenProbeAndClose() {
        for (int i = 0; i < 4; i++) {
            guards.release(permit(), new PartnerOutcome.Failed(PARTNER.id(), PartnerOutcome.FailureKind.TIMEOUT));
        }
        assertThat(guards.state(PARTNER.id())).isEqualTo(CircuitBreaker.State.OPEN);

        ticker.advance(OPEN_FOR);
        assertThat(guards.tryAcquire(PARTNER).refusal()).as("open for exactly breakerOpenFor: not called")
                .isEqualTo(PartnerGuards.Refusal.CIRCUIT_OPEN);
        ticker.advance(Duration.ofNanos(1));
        PartnerGuards.Permit probe = permit();
        assertThat(guards.state(PARTNER.id())).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        guards.release(probe, new PartnerOutcome.NoBid(PARTNER.id()));

        assertThat(guards.state(PARTNER.id())).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private PartnerGuards.Permit permit() {
        PartnerGuards.Decision decision = guards.tryAcquire(PARTNER);
        assertThat(decision.permit()).as("permitted (refusal: %s)", decision.refusal()).isPresent();
        return decision.permit().get();
    }
}
