package dev.idgw.gateway.requests;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stream fields of a {@link ConsumerRequest}: full words, times in epoch milliseconds. Reads the fields of the
 * records written before this schema too ({@code ts, type, subject, choice, jur}: a consent API write, an
 * account-wide choice or a deletion, received and answered at {@code ts}).
 */
final class ConsumerRequestCodec {
    private ConsumerRequestCodec() {
    }

    static Map<String, String> fields(ConsumerRequest r) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", r.kind().wireName());
        f.put("via", r.via().wireName());
        f.put("subjectType", r.subjectType().wireName());
        f.put("subject", r.subject());
        f.put("jurisdiction", r.jurisdiction());
        f.put("received", Long.toString(r.received().toEpochMilli()));
        f.put("answered", Long.toString(r.outcome().answered().toEpochMilli()));
        f.put("outcome", r.outcome().wireName());
        if (r.outcome() instanceof RequestOutcome.Denied denied) {
            f.put("reason", denied.reason());
        }
        f.put("devices", Integer.toString(r.devices()));
        if (!r.source().isEmpty()) {
            f.put("source", r.source());
        }
        if (!r.note().isEmpty()) {
            f.put("note", r.note());
        }
        return f;
    }

    /** The request stored under {@code id}; throws IllegalArgumentException when the fields make no request. */
    static ConsumerRequest decode(String id, Map<String, String> f) {
        if (!f.containsKey("kind") && f.containsKey("type")) {
            return decodeFirstSchema(id, f);
        }
        RequestKind kind = RequestKind.fromWire(f.get("kind")).orElseThrow(() -> bad("kind"));
        RequestChannel via = RequestChannel.fromWire(f.get("via")).orElseThrow(() -> bad("via"));
        ConsumerRequest.SubjectType type = "account".equals(f.get("subjectType"))
                ? ConsumerRequest.SubjectType.ACCOUNT : ConsumerRequest.SubjectType.DEVICE;
        Instant received = instant(f.get("received"));
        Instant answered = instant(f.get("answered"));
        RequestOutcome outcome = "denied".equals(f.get("outcome"))
                ? new RequestOutcome.Denied(answered, f.getOrDefault("reason", ""))
                : new RequestOutcome.Complied(answered);
        return new ConsumerRequest(id, kind, via, type, f.getOrDefault("subject", ""), f.get("jurisdiction"),
                received, outcome, integer(f.get("devices")), f.get("source"), f.get("note"));
    }

    private static ConsumerRequest decodeFirstSchema(String id, Map<String, String> f) {
        Instant at = instant(f.get("ts"));
        String type = f.get("type");
        boolean granted = "granted".equals(f.get("choice"));
        RequestKind kind = "delete".equals(type) ? RequestKind.DELETE : granted ? RequestKind.OPT_IN : RequestKind.OPT_OUT;
        boolean account = "account".equals(type);
        return new ConsumerRequest(id, kind, account ? RequestChannel.ACCOUNT : RequestChannel.API,
                account ? ConsumerRequest.SubjectType.ACCOUNT : ConsumerRequest.SubjectType.DEVICE,
                f.getOrDefault("subject", ""), f.get("jur"), at, new RequestOutcome.Complied(at),
                account ? 0 : 1, "", "");
    }

    private static Instant instant(String millis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException | NullPointerException e) {
            throw bad("time");
        }
    }

    private static int integer(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad("devices");
        }
    }

    private static IllegalArgumentException bad(String field) {
        return new IllegalArgumentException("consumer request record: bad " + field);
    }
}
