package dev.idgw.gateway.consentapi;

import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.GpcSightings;
import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.JurisdictionRules;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What {@code GET /consent/v1/devices/{id}} (and a PUT's answer) shows: never the email or its hash, only
 * whether one is held; and which jurisdiction rule in force governs the record: its own region's, or
 * the {@code default} rule, with a note saying so (a region no rule names is accepted, but the caller
 * should learn that, say, {@code US-WA} gets the rules for everywhere else).
 */
final class ConsentView {
    static final String DEFAULT_RULE = "default";

    private ConsentView() {
    }

    /**
     * @param now the time whose rule in force the view names (rules may carry dates)
     * @param gpcSince the stored first time an ad request for the device carried GPC (epoch ms text), or null:
     *     shown as {@code optOutSignal: {"honored": true, "since": "<ISO-8601>"}}; with none, {@code optOutSignal}
     *     is absent, because {@code "honored": false} would read as "received and not honored"
     */
    static JsonObject of(String deviceId, ConsentRecord r, boolean accountLinked, JurisdictionRules rules,
                         Instant now, String gpcSince) {
        JurisdictionRule rule = rules.forCode(r.jurisdiction(), now);
        JsonObject view = new JsonObject()
                .put("deviceId", deviceId)
                .put("adConsent", r.adConsent())
                .put("jurisdiction", r.jurisdiction())
                .put("ageBand", r.ageBand().wireName())
                .put("emailHashHeld", r.emailSha256() != null)
                .put("accountLinked", accountLinked)
                .put("version", r.version())
                .put("updatedAt", r.updatedAt().toString())
                .put("jurisdictionRule", rule.code());
        if (gpcSince != null) {
            JsonObject signal = new JsonObject().put("honored", true);
            GpcSightings.since(gpcSince).ifPresent(since -> signal.put("since", since.toString()));
            view.put("optOutSignal", signal);
        }
        if (DEFAULT_RULE.equals(rule.code())) {
            String missing = rules.codes().contains(r.jurisdiction())
                    ? "no rule for " + r.jurisdiction() + " is in force today" // a dated rule not yet (or no longer)
                    : "no rule names " + r.jurisdiction();
            view.put("note", missing + " in the jurisdiction rules in force (version "
                    + rules.version() + "): the default rule applies (regime " + rule.regime().configName() + ")");
        }
        return view;
    }
}
