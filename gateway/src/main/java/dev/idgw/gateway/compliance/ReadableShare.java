package dev.idgw.gateway.compliance;

import dev.idgw.gateway.decision.ReasonWords;
import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.partners.Field;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;

/**
 * A share record as a person reads it ({@code ?view=readable}): full field names, ISO-8601 times, the state's
 * name, and each restricting signal with its meaning. The same facts as the stored record, which stays the
 * one to verify (NDJSON without the view, with its hash).
 */
final class ReadableShare {
    private ReadableShare() {
    }

    static JsonObject of(ChainedEntry e) {
        ShareRecord r = e.record();
        JsonArray partners = new JsonArray();
        for (ShareEntry p : r.partners()) {
            JsonArray fields = new JsonArray();
            EnumSet.copyOf(p.fields()).forEach(f -> fields.add(fieldName(f)));
            partners.add(new JsonObject().put("partner", p.partnerId()).put("role", roleWords(p.role().configName()))
                    .put("partnerCategory", p.partnerCategory()).put("identityFieldsSent", fields)
                    .put("personalInformationCategories", new JsonArray(p.piCategories()))
                    .put("legalBasis", p.legalBasis()).put("legalBasisInWords", legalBasisWords(p.legalBasis())));
        }
        return new JsonObject()
                .put("time", r.time().toString())
                .put("writer", r.writerId())
                .put("sequence", e.seq())
                .put("requestId", r.requestId())
                .put("subjectPseudonym", r.subject())
                .put("subjectPseudonymKey", r.subjectKeyId())
                .put("jurisdiction", r.jurisdiction())
                .put("jurisdictionName", RegionNames.of(r.jurisdiction()))
                .put("consentRecordVersion", r.consentVersion())
                .put("jurisdictionRulesVersion", r.rulesVersion())
                .put("configurationVersion", r.configVersion())
                .put("restrictingSignals", signals(r))
                .put("recipients", partners)
                .put("entryHash", e.hash())
                .put("previousEntryHash", e.prevHash())
                .put("recordId", r.entryId());
    }

    static JsonArray signals(ShareRecord r) {
        JsonArray out = new JsonArray();
        for (String code : r.signals()) {
            out.add(new JsonObject().put("code", code).put("meaning", ReasonWords.ofCode(code).orElse(code)));
        }
        return out;
    }

    static String fieldName(Field f) {
        return switch (f) {
            case HASHED_EMAIL -> "hashed email";
            case DEVICE_ID -> "device ID";
            case IP -> "IP address";
        };
    }

    static String legalBasisWords(String basis) {
        return switch (basis) {
            case "consent" -> "the person's consent";
            case "opt_out_not_exercised" -> "the state's opt-out law: the person had not opted out";
            case "service_provider" -> "a business purpose, under a service-provider contract";
            default -> basis;
        };
    }

    static String roleWords(String role) {
        return "third_party".equals(role) ? "third party (sale or sharing)"
                : "service_provider".equals(role) ? "service provider (business purpose)" : role;
    }
}
