package dev.idgw.gateway.compliance;

import dev.idgw.gateway.failure.GatewayException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A half-open time range [from, to) from query parameters: ISO-8601 instants or epoch milliseconds. */
record TimeRange(Instant from, Instant to) {
    static final Instant BEGINNING = Instant.EPOCH;
    static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

    static TimeRange parse(String from, String to) {
        Instant f = from == null ? BEGINNING : instant("from", from);
        Instant t = to == null ? END : instant("to", to);
        if (!f.isBefore(t)) {
            throw GatewayException.badRequest("from: must be before to");
        }
        return new TimeRange(f, t);
    }

    boolean contains(Instant time) {
        return !time.isBefore(from) && time.isBefore(to);
    }

    boolean open() {
        return to.equals(END);
    }

    private static Instant instant(String name, String value) {
        try {
            return value.matches("\\d{1,15}") ? Instant.ofEpochMilli(Long.parseLong(value)) : Instant.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw GatewayException.badRequest(name + ": expected an ISO-8601 instant (2026-11-01T00:00:00Z) or epoch milliseconds");
        }
    }
}
