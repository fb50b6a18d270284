package dev.idgw.gateway.compliance;

import dev.idgw.gateway.requests.ConsumerRequest;
import dev.idgw.gateway.requests.RequestOutcome;
import dev.idgw.gateway.requests.YearlyMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Consumer-request records and their yearly metrics as NDJSON, JSON and CSV (ISO-8601 times, full words). */
final class RequestExport {
    static final String CSV_HEADER = "id,received,answered,outcome,days_to_respond,kind,via,subject_type,subject,"
            + "jurisdiction,devices,source,reason,note\r\n";
    static final String METRICS_CSV_HEADER = "year,kind,received,complied,denied,median_days_to_respond\r\n";

    private RequestExport() {
    }

    static JsonObject json(ConsumerRequest r) {
        JsonObject o = new JsonObject().put("id", r.id()).put("received", r.received().toString())
                .put("answered", r.outcome().answered().toString()).put("outcome", r.outcome().wireName())
                .put("daysToRespond", days(r.daysToRespond()))
                .put("kind", r.kind().wireName()).put("via", r.via().wireName())
                .put("subjectType", r.subjectType().wireName()).put("subject", r.subject())
                .put("jurisdiction", r.jurisdiction()).put("devices", r.devices());
        if (!r.source().isEmpty()) {
            o.put("source", r.source());
        }
        if (r.outcome() instanceof RequestOutcome.Denied denied) {
            o.put("reason", denied.reason());
        }
        if (!r.note().isEmpty()) {
            o.put("note", r.note());
        }
        return o;
    }

    static String ndjsonLine(ConsumerRequest r) {
        return json(r).encode() + "\n";
    }

    static String csvRow(ConsumerRequest r) {
        String reason = r.outcome() instanceof RequestOutcome.Denied d ? d.reason() : "";
        return String.join(",", ShareExport.csv(r.id()), r.received().toString(), r.outcome().answered().toString(),
                r.outcome().wireName(), Double.toString(days(r.daysToRespond())), r.kind().wireName(),
                r.via().wireName(), r.subjectType().wireName(), ShareExport.csv(r.subject()),
                ShareExport.csv(r.jurisdiction()), Integer.toString(r.devices()), ShareExport.csv(r.source()),
                ShareExport.csv(reason), ShareExport.csv(r.note())) + "\r\n";
    }

    static JsonObject json(YearlyMetrics m) {
        JsonArray kinds = new JsonArray();
        for (YearlyMetrics.KindCounts k : m.kinds()) {
            kinds.add(new JsonObject().put("kind", k.kind().wireName()).put("received", k.received())
                    .put("complied", k.complied()).put("denied", k.denied())
                    .put("medianDaysToRespond", k.medianDaysToRespond()));
        }
        return new JsonObject().put("year", m.year())
                .put("from", YearlyMetrics.startOf(m.year()).toString())
                .put("to", YearlyMetrics.startOf(m.year() + 1).toString())
                .put("counts", "requests received in the year (UTC), each answered when recorded: received = complied + denied")
                .put("kinds", kinds);
    }

    static String csv(YearlyMetrics m) {
        StringBuilder out = new StringBuilder(METRICS_CSV_HEADER);
        for (YearlyMetrics.KindCounts k : m.kinds()) {
            out.append(m.year()).append(',').append(k.kind().wireName()).append(',').append(k.received()).append(',')
                    .append(k.complied()).append(',').append(k.denied()).append(',')
                    .append(k.medianDaysToRespond() == null ? "" : k.medianDaysToRespond().toString()).append("\r\n");
        }
        return out.toString();
    }

    private static double days(double days) {
        return Math.round(days * 100) / 100.0;
    }
}
