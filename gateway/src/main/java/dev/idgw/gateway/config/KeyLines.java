package dev.idgw.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.TokenStreamFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every key in one YAML file, by key path ({@code server.port}, {@code partners[1].role}),
 * so that an error names the line as well as the key. Jackson's tree keeps no positions, so this is
 * one more pass over the (already parsed, so valid) file.
 */
final class KeyLines {
    static final KeyLines NONE = new KeyLines(Map.of());

    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static KeyLines of(TokenStreamFactory yaml, byte[] content) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = yaml.createParser(content)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonStreamContext at = p.getParsingContext();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    at = at.getParent(); // the new container's own context starts with this token
                } else if (t.isStructEnd()) {
                    continue;
                }
                if (t == JsonToken.FIELD_NAME || at.inArray()) {
                    lines.putIfAbsent(path(at), p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            return NONE; // positions are a courtesy: an error still names file and key without them
        }
        return new KeyLines(lines);
    }

    /** The line of {@code key}, else of {@code fallback} (the enclosing mapping), else 0 (unknown). */
    int lineOf(String key, String fallback) {
        Integer line = lines.get(key);
        if (line == null) {
            line = lines.get(fallback);
        }
        return line == null ? 0 : line;
    }

    /** {@code a.b[2].c}: the path of the value the parser is at within {@code at}. */
    private static String path(JsonStreamContext at) {
        if (at == null || at.inRoot()) {
            return "";
        }
        String parent = path(at.getParent());
        if (at.inArray()) {
            return parent + "[" + at.getCurrentIndex() + "]";
        }
        String name = at.getCurrentName();
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
