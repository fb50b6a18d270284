package dev.idgw.gateway.preview;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A preview's answer as a test reads it: the tree, and each partner's payload as the raw text the answer
 * carries (cut out of the answer by offsets, never re-encoded), so it can be compared byte for byte with
 * what a stub partner received.
 */
record PreviewAnswer(JsonNode tree, Map<String, String> rawPayloads) {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The two members that differ on every request: the gateway's request id and the time left. */
    private static final Pattern PER_REQUEST = Pattern.compile("^\\{\"id\":\"[^\"]*\",\"tmax\":\\d+,");
    private static final Pattern EMAIL_UID = Pattern.compile("(\"uids\":\\[\\{\"id\":\")[^\"]*(\")");

    static PreviewAnswer parse(String answer) {
        try {
            return new PreviewAnswer(JSON.readTree(answer), rawPayloads(answer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json} as a tree (a test's own JSON: a parse failure is a failed test). */
    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode partner(String id) {
        for (JsonNode p : tree.path("partners")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no partner " + id + " in the preview");
    }

    String rawPayload(String partnerId) {
        String raw = rawPayloads.get(partnerId);
        if (raw == null) {
            throw new AssertionError("no payload for " + partnerId);
        }
        return raw;
    }

    /** The partner's entry for {@code field} (hashed_email, device_id, ip). */
    JsonNode field(String partnerId, String field) {
        for (JsonNode f : partner(partnerId).path("fields")) {
            if (f.path("field").asText().equals(field)) {
                return f;
            }
        }
        throw new AssertionError("no field " + field + " for " + partnerId);
    }

    String fieldStatus(String partnerId, String field) {
        return field(partnerId, field).path("outcome").asText();
    }

    /** {@code payload} with its id and tmax made alike: the rest must match to the byte. */
    static String withoutPerRequestMembers(String payload) {
        String normalized = PER_REQUEST.matcher(payload).replaceFirst("{\"id\":\"*\",\"tmax\":*,");
        if (normalized.equals(payload)) {
            throw new AssertionError("a payload that does not start with id and tmax: " + payload.length() + " bytes");
        }
        return normalized;
    }

    /** {@code payload} with its hashed email replaced by {@code spelling} (the preview's placeholder, say). */
    static String withEmail(String payload, String spelling) {
        return EMAIL_UID.matcher(payload).replaceFirst("$1" + spelling.replace("$", "\\$") + "$2");
    }

    /** The hashed email a payload carries, or null. */
    static String emailIn(String payload) {
        var m = EMAIL_UID.matcher(payload);
        return m.find() ? payload.substring(m.end(1), m.start(2)) : null;
    }

    /** partners[].payload of the answer, as the characters between its braces. */
    private static Map<String, String> rawPayloads(String answer) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(answer)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals("partners")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    String payload = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String member = p.currentName();
                        p.nextToken();
                        if (member.equals("id")) {
                            id = p.getText();
                        } else if (member.equals("payload")) {
                            int start = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            payload = answer.substring(start, (int) p.currentTokenLocation().getCharOffset() + 1);
                        } else {
                            p.skipChildren();
                        }
                    }
                    out.put(id, payload);
                }
            }
        }
        return out;
    }

    /** A preview body: the ad-pod request and, where not null, headers, peer address, email and instant. */
    static String body(ObjectNode request, Map<String, String> headers, String peerAddress, String email, String at) {
        ObjectNode body = JSON.createObjectNode();
        body.set("request", request);
        if (headers != null && !headers.isEmpty()) {
            ObjectNode h = body.putObject("headers");
            headers.forEach(h::put);
        }
        if (peerAddress != null) {
            body.put("peerAddress", peerAddress);
        }
        if (email != null) {
            body.put("email", email);
        }
        if (at != null) {
            body.put("at", at);
        }
        return body.toString();
    }
}
