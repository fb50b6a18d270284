package dev.idgw.gateway.intake;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A valid one-imp ad-pod request that each test changes at a JSON pointer, so a test states only the
 * field it is about. Values are written as JSON text ({@code "\"300\""} is the string 300).
 */
final class PlayerRequests {
    static final String PEER = "198.51.100.77";
    static final String DEVICE_IP = "203.0.113.7";
    static final String IFA = "6D92078A-8246-4BA4-AE5B-76104861E7DC";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = """
            {"id": "req-1", "tmax": 300,
             "imp": [{"id": "1", "bidfloor": 2.5,
                      "video": {"mimes": ["video/mp4"], "minduration": 5, "maxduration": 30, "w": 1920, "h": 1080}}],
             "app": {"bundle": "com.example.tv"},
             "device": {"ua": "SmartTV/1.0", "ip": "203.0.113.7", "ifa": "6D92078A-8246-4BA4-AE5B-76104861E7DC",
                        "devicetype": 3, "ext": {"ifa_type": "rida"}},
             "regs": {}}""";

    private final ObjectNode root;

    private PlayerRequests(ObjectNode root) {
        this.root = root;
    }

    static PlayerRequests valid() {
        return new PlayerRequests((ObjectNode) read(BASE));
    }

    /** Sets the value at {@code pointer} (e.g. {@code /imp/0/video/poddur}), creating missing objects on the way. */
    PlayerRequests with(String pointer, String jsonValue) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = root.at(p.head());
        if (parent.isMissingNode()) {
            parent = root.withObject(p.head());
        }
        if (parent instanceof ArrayNode array) {
            array.set(p.last().getMatchingIndex(), read(jsonValue));
        } else {
            ((ObjectNode) parent).set(p.last().getMatchingProperty(), read(jsonValue));
        }
        return this;
    }

    PlayerRequests without(String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = root.at(p.head());
        if (parent instanceof ObjectNode object) {
            object.remove(p.last().getMatchingProperty());
        } else if (parent instanceof ArrayNode array) {
            array.remove(p.last().getMatchingIndex());
        }
        return this;
    }

    /** Replaces the imps with these (each JSON text). */
    PlayerRequests imps(List<String> impJson) {
        ArrayNode imps = root.putArray("imp");
        impJson.forEach(imp -> imps.add(read(imp)));
        return this;
    }

    byte[] bytes() {
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String videoImp(String id, String videoFields) {
        return "{\"id\": \"" + id + "\", \"video\": {\"mimes\": [\"video/mp4\"]"
                + (videoFields.isEmpty() ? "" : ", " + videoFields) + "}}";
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
