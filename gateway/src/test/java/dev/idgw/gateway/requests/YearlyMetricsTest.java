package dev.idgw.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class YearlyMetricsTest {
    private static final Instant MID_2026 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void shouldCountTheRequestsReceivedInTheYearPerKind() {
        List<ConsumerRequest> requests = List.of(
                answered(RequestKind.OPT_OUT, MID_2026, Duration.ZERO),
                answered(RequestKind.OPT_OUT, MID_2026, Duration.ofDays(2)),
                answered(RequestKind.OPT_OUT, MID_2026, Duration.ofDays(10)),
                denied(RequestKind.DELETE, MID_2026, Duration.ofDays(5)),
                answered(RequestKind.DELETE, MID_2026, Duration.ofDays(1)),
                // received in 2025, answered in 2026: counts for 2025
                answered(RequestKind.ACCESS, Instant.parse("2025-12-31T23:00:00Z"), Duration.ofDays(3)),
                // received in the last millisecond of 2026
                answered(RequestKind.ACCESS, Instant.parse("2026-12-31T23:59:59.999Z"), Duration.ofHours(12)));

        YearlyMetrics metrics = YearlyMetrics.of(2026, requests);

        assertThat(metrics.kinds()).extracting(YearlyMetrics.KindCounts::kind).containsExactly(RequestKind.values());
        assertThat(counts(metrics, RequestKind.OPT_OUT)).isEqualTo(new YearlyMetrics.KindCounts(RequestKind.OPT_OUT,
                3, 3, 0, 2.0));
        assertThat(counts(metrics, RequestKind.DELETE)).isEqualTo(new YearlyMetrics.KindCounts(RequestKind.DELETE,
                2, 1, 1, 3.0));
        assertThat(counts(metrics, RequestKind.ACCESS)).isEqualTo(new YearlyMetrics.KindCounts(RequestKind.ACCESS,
                1, 1, 0, 0.5));
        assertThat(counts(metrics, RequestKind.LIMIT)).isEqualTo(new YearlyMetrics.KindCounts(RequestKind.LIMIT,
                0, 0, 0, null));
        assertThat(counts(YearlyMetrics.of(2025, requests), RequestKind.ACCESS).received()).isEqualTo(1);
    }

    @Test
    void shouldReadPastTheYearsEndByTheLongestAnswerTime() {
        assertThat(YearlyMetrics.startOf(2026)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(YearlyMetrics.readUntil(2026)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").plus(Duration.ofDays(90)));
    }

    private static YearlyMetrics.KindCounts counts(YearlyMetrics metrics, RequestKind kind) {
        return metrics.kinds().stream().filter(k -> k.kind() == kind).findFirst().orElseThrow();
    }

    private static ConsumerRequest answered(RequestKind kind, Instant received, Duration after) {
        return ConsumerRequest.complied(kind, RequestChannel.API, ConsumerRequest.SubjectType.DEVICE, "p", "US-CA",
                received, received.plus(after), 1);
    }

    private static ConsumerRequest denied(RequestKind kind, Instant received, Duration after) {
        return new ConsumerRequest("", kind, RequestChannel.STAFF, ConsumerRequest.SubjectType.DEVICE, "p", "US-CA",
                received, new RequestOutcome.Denied(received.plus(after), "could not verify the request"), 0, "", "");
    }
}
