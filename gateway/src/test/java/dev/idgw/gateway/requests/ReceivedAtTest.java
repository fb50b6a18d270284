package dev.idgw.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.failure.GatewayException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReceivedAtTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void shouldTakeATimeWithinTheLongestAnswerTime() {
        assertThat(ReceivedAt.parse("receivedAt", null, NOW)).isEmpty();
        assertThat(ReceivedAt.parse("receivedAt", "2026-11-20T09:30:00Z", NOW)).contains(Instant.parse("2026-11-20T09:30:00Z"));
        assertThat(ReceivedAt.parse("receivedAt", "2026-09-08T12:00:00Z", NOW)).as("90 days ago exactly").isPresent();
        assertThat(ReceivedAt.parse("receivedAt", "2026-12-07T12:00:30Z", NOW)).as("skew: now").contains(NOW);
    }

    @Test
    void shouldRefuseWithAProblemNamingTheParameter() {
        assertThatThrownBy(() -> ReceivedAt.parse("receivedAt", "yesterday", NOW))
                .isInstanceOf(GatewayException.class).hasMessageContaining("receivedAt: expected an ISO-8601 instant");
        assertThatThrownBy(() -> ReceivedAt.parse("receivedAt", "2026-12-07T12:05:00Z", NOW))
                .isInstanceOf(GatewayException.class).hasMessageContaining("in the future");
        assertThatThrownBy(() -> ReceivedAt.parse("received", "2026-09-08T11:59:59Z", NOW))
                .isInstanceOf(GatewayException.class).hasMessageContaining("received: more than 90 days ago");
    }
}
