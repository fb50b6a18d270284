package dev.idgw.gateway.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.idgw.gateway.failure.GatewayException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Request bodies of the internal APIs: one small JSON object, strict (no duplicate keys, nothing after it,
 * shallow, short strings), only the named fields; every problem is a 400 that names the field and never
 * echoes a value.
 */
public final class StrictJsonObject {
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(4096).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private StrictJsonObject() {
    }

    public static JsonNode parse(byte[] body, Set<String> allowed) {
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
    public static String quotedIfPlain(String name) {
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

    public static boolean bool(JsonNode root, String name) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            throw GatewayException.badRequest(name + ": required, true or false");
        }
        if (!v.isBoolean()) {
            throw GatewayException.badRequest(name + ": must be true or false");
        }
        return v.booleanValue();
    }

    public static String text(JsonNode root, String name, boolean required) {
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
