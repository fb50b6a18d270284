package dev.idgw.gateway.requests;

import dev.idgw.gateway.failure.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a person made a request that reaches the gateway later (a consent service relaying a form, staff
 * recording a request answered elsewhere): an ISO-8601 instant, not in the future (a minute of clock skew
 * allowed) and at most {@link ConsumerRequestLog#LONGEST_WAIT} ago.
 */
public final class ReceivedAt {
    static final Duration SKEW = Duration.ofMinutes(1);

    private ReceivedAt() {
    }

    /** Empty when {@code value} is absent; a 400 naming {@code name} when it is not a time the record can take. */
    public static Optional<Instant> parse(String name, String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw GatewayException.badRequest(name + ": expected an ISO-8601 instant such as 2026-11-20T09:30:00Z");
        }
        if (at.isAfter(now.plus(SKEW))) {
            throw GatewayException.badRequest(name + ": is in the future");
        }
        if (at.isBefore(now.minus(ConsumerRequestLog.LONGEST_WAIT))) {
            throw GatewayException.badRequest(name + ": more than " + ConsumerRequestLog.LONGEST_WAIT.toDays()
                    + " days ago (45 days to respond plus the 45-day extension, Cal. Civ. Code §1798.130(a)(2))");
        }
        return Optional.of(at.isAfter(now) ? now : at);
    }
}
