package dev.idgw.gateway.consentapi;

import dev.idgw.gateway.consent.ConsentRecord;
import io.vertx.core.json.JsonObject;

/** What {@code GET /consent/v1/devices/{id}} shows: never the email or its hash, only whether one is held. */
final class ConsentView {
    private ConsentView() {
    }

    static JsonObject of(String deviceId, ConsentRecord r, boolean accountLinked) {
        return new JsonObject()
                .put("deviceId", deviceId)
                .put("adConsent", r.adConsent())
                .put("jurisdiction", r.jurisdiction())
                .put("ageBand", r.ageBand().wireName())
                .put("emailHashHeld", r.emailSha256() != null)
                .put("accountLinked", accountLinked)
                .put("version", r.version())
                .put("updatedAt", r.updatedAt().toString());
    }
}
