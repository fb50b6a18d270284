package dev.idgw.gateway.sharelog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the NDJSON exports of the compliance API back into what {@link ChainVerifier} takes: share
 * entries (each line the stored canonical JSON plus a trailing {@code "h"}) and checkpoints (the
 * fields of {@link CheckpointCodec#fields}). A line that cannot be read is kept as a {@link Problem}
 * naming file and line, never skipped silently: a hole in the input must not look like a clean log.
 */
final class ExportReader {
    private static final String HASH_FIELD = "h";
    private static final List<String> CHECKPOINT_FIELDS = List.of("w", "seq", "h", "ts", "kid", "sig");
    // Strict: a repeated key or text after the object could show a reader one thing and verify another.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ExportReader() {
    }

    /** A line that could not be read. */
    record Problem(Path file, long line, String detail) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + detail;
        }
    }

    /** The values read, grouped by writer in file order, and the lines that could not be read. */
    record Grouped<T>(Map<String, List<T>> byWriter, List<Problem> problems) {
    }

    static Grouped<StoredEntry> entries(Path file) throws IOException {
        Grouped<StoredEntry> out = new Grouped<>(new LinkedHashMap<>(), new ArrayList<>());
        forEachLine(file, line -> {
            StoredEntry e = entry(line);
            out.byWriter().computeIfAbsent(e.writerId(), w -> new ArrayList<>()).add(e);
        }, out.problems());
        return out;
    }

    static Grouped<Checkpoint> checkpoints(Path file) throws IOException {
        Grouped<Checkpoint> out = new Grouped<>(new LinkedHashMap<>(), new ArrayList<>());
        forEachLine(file, line -> {
            Checkpoint c = checkpoint(line);
            out.byWriter().computeIfAbsent(c.writerId(), w -> new ArrayList<>()).add(c);
        }, out.problems());
        return out;
    }

    /**
     * An entry from its export line: the line without {@code "h"}, written again by Jackson's UTF-8
     * generator as {@link ShareRecordCodec#encode} writes it. That generator escapes characters outside
     * the Basic Multilingual Plane as {@code \\uD83D\\uDE00}; a String writer would emit them raw, and
     * an untampered entry with an emoji would then fail to hash to its stored hash.
     */
    static StoredEntry entry(String line) {
        ObjectNode node = object(line);
        if (node.has("unreadable")) {
            throw new IllegalArgumentException("the gateway could not read this stored entry (exported as \"unreadable\")");
        }
        String hash = text(node, HASH_FIELD);
        String writer = text(node, "w");
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong()) {
            throw new IllegalArgumentException("lacks \"seq\" (an integer)");
        }
        node.remove(HASH_FIELD);
        try {
            String json = new String(JSON.writeValueAsBytes(node), StandardCharsets.UTF_8);
            return new StoredEntry(writer, seq.asLong(), hash, json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written back as JSON", e);
        }
    }

    /** A checkpoint from its export line; numbers may be JSON strings (as the API writes them) or numbers. */
    static Checkpoint checkpoint(String line) {
        ObjectNode node = object(line);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : CHECKPOINT_FIELDS) {
            JsonNode value = node.get(name);
            if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
                throw new IllegalArgumentException("lacks \"" + name + "\"");
            }
            fields.put(name, value.asText());
        }
        try {
            return CheckpointCodec.fromFields(fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"seq\" and \"ts\" must be integers");
        }
    }

    private static ObjectNode object(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return object;
    }

    private static String text(ObjectNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("lacks \"" + name + "\" (a string)");
        }
        return value.asText();
    }

    /**
     * Calls the handler for each non-blank line, decoded as strict UTF-8 (an undecodable line is a
     * problem of its own, not text with replacement characters that would fail later for a vaguer reason).
     */
    private static void forEachLine(Path file, Consumer<String> handler, List<Problem> problems) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
            long number = 0;
            int b;
            do {
                b = in.read();
                if (b >= 0 && b != '\n') {
                    buffer.write(b);
                    continue;
                }
                if (b < 0 && buffer.size() == 0) {
                    break;
                }
                number++;
                byte[] bytes = buffer.toByteArray();
                buffer.reset();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                String line;
                try {
                    line = decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
                } catch (CharacterCodingException e) {
                    problems.add(new Problem(file, number, "not UTF-8"));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    handler.accept(line);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(file, number, e.getMessage()));
                }
            } while (b >= 0);
        }
    }
}
