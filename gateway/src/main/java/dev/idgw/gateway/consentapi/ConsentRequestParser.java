package dev.idgw.gateway.consentapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.failure.GatewayException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses consent API bodies strictly: unknown fields, wrong types and unknown values are 400s naming
 * the field (a misspelt "adconsent" must not silently leave consent as it was). Never echoes values:
 * one of them may be an email address.
 */
final class ConsentRequestParser {
    static final Pattern DEVICE_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Set<String> DEVICE_FIELDS = Set.of("adConsent", "jurisdiction", "ageBand", "email", "accountId");
    private static final Set<String> ACCOUNT_FIELDS = Set.of("adConsent");
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(4096).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private ConsentRequestParser() {
    }

    static ConsentUpdate device(byte[] body) {
        JsonNode root = object(body, DEVICE_FIELDS);
        boolean adConsent = bool(root, "adConsent");
        String jurisdiction = text(root, "jurisdiction", true);
        if (!JURISDICTION.matcher(jurisdiction).matches()) {
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
        if (account != null && !ACCOUNT_ID.matcher(account).matches()) {
            throw GatewayException.badRequest("accountId: 1-128 of letters, digits and . _ : @ -");
        }
        return new ConsentUpdate(adConsent, jurisdiction, age, email, Optional.ofNullable(account));
    }

    static boolean account(byte[] body) {
        return bool(object(body, ACCOUNT_FIELDS), "adConsent");
    }

    static String deviceId(String raw) {
        if (raw == null || !DEVICE_ID.matcher(raw).matches()) {
            throw GatewayException.badRequest("deviceId: 1-128 printable characters without spaces");
        }
        return raw;
    }

    static String accountId(String raw) {
        if (raw == null || !ACCOUNT_ID.matcher(raw).matches()) {
            throw GatewayException.badRequest("accountId: 1-128 of letters, digits and . _ : @ -");
        }
        return raw;
    }

    private static JsonNode object(byte[] body, Set<String> allowed) {
        if (body == null || body.length == 0) {
            throw GatewayException.badRequest("empty body: expected a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw GatewayException.badRequest("body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw GatewayException.badRequest("body must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw GatewayException.badRequest("unknown field " + quotedIfPlain(name) + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return root;
    }

    /**
     * A field name is echoed back only when it is a plain name (letters, digits, '_', '-', '.', up to 64): a
     * caller's typo, e.g. 'adconsent', is worth naming; a name shaped like an email address or any other
     * text is not repeated in the answer.
     */
    static String quotedIfPlain(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return "(not a plain name)";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '-' || c == '.';
            if (!plain) {
                return "(not a plain name)";
            }
        }
        return "'" + name + "'";
    }

    private static boolean bool(JsonNode root, String name) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            throw GatewayException.badRequest(name + ": required, true or false");
        }
        if (!v.isBoolean()) {
            throw GatewayException.badRequest(name + ": must be true or false");
        }
        return v.booleanValue();
    }

    private static String text(JsonNode root, String name, boolean required) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw GatewayException.badRequest(name + ": required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw GatewayException.badRequest(name + ": must be a string");
        }
        return v.asText();
    }
}
