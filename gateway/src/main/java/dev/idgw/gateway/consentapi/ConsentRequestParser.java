package dev.idgw.gateway.consentapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.body.IdFormats;
import dev.idgw.gateway.body.StrictJsonObject;
import dev.idgw.gateway.failure.GatewayException;
import java.util.Optional;
import java.util.Set;

/**
 * Parses consent API bodies strictly: unknown fields, wrong types and unknown values are 400s naming
 * the field (a misspelt "adconsent" must not silently leave consent as it was). Never echoes values:
 * one of them may be an email address.
 */
final class ConsentRequestParser {
    private static final Set<String> DEVICE_FIELDS = Set.of("adConsent", "jurisdiction", "ageBand", "email", "accountId");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("adConsent");
    private ConsentRequestParser() {
    }

    static ConsentUpdate device(byte[] body) {
        JsonNode root = object(body, DEVICE_FIELDS);
        boolean adConsent = bool(root, "adConsent");
        String jurisdiction = text(root, "jurisdiction", true);
        if (!IdFormats.JURISDICTION.matcher(jurisdiction).matches()) {
            throw GatewayException.badRequest("jurisdiction: a region code such as US-CA or GB");
        }
        AgeBand age;
        try {
            age = AgeBand.fromWireName(text(root, "ageBand", true));
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("ageBand: one of adult, minor, child, unknown");
        }
        Optional<byte[]> email = Optional.empty();
        String rawEmail = text(root, "email", false);
        if (rawEmail != null) {
            email = EmailHash.of(rawEmail);
            if (email.isEmpty()) {
                throw GatewayException.badRequest("email: not an email address, nor a SHA-256 hash (64 hex or 44 base64)");
            }
        }
        String account = text(root, "accountId", false);
        if (account != null && !IdFormats.ACCOUNT_ID.matcher(account).matches()) {
            throw GatewayException.badRequest("accountId: 1-128 of letters, digits and . _ : @ -");
        }
        return new ConsentUpdate(adConsent, jurisdiction, age, email, Optional.ofNullable(account));
    }

    static boolean account(byte[] body) {
        return bool(object(body, ACCOUNT_FIELDS), "adConsent");
    }

    static String deviceId(String raw) {
        if (raw == null || !IdFormats.DEVICE_ID.matcher(raw).matches()) {
            throw GatewayException.badRequest("deviceId: 1-128 printable characters without spaces");
        }
        return raw;
    }

    static String accountId(String raw) {
        if (raw == null || !IdFormats.ACCOUNT_ID.matcher(raw).matches()) {
            throw GatewayException.badRequest("accountId: 1-128 of letters, digits and . _ : @ -");
        }
        return raw;
    }

    private static JsonNode object(byte[] body, Set<String> allowed) {
        return StrictJsonObject.parse(body, allowed);
    }

    static String quotedIfPlain(String name) {
        return StrictJsonObject.quotedIfPlain(name);
    }

    private static boolean bool(JsonNode root, String name) {
        return StrictJsonObject.bool(root, name);
    }

    private static String text(JsonNode root, String name, boolean required) {
        return StrictJsonObject.text(root, name, required);
    }
}
