package dev.idgw.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One operator file read into its top-level {@link ConfigNode}; an unreadable or malformed file
 * (including a key given twice) is a {@link ConfigException}.
 */
final class YamlFile {
    /** Duplicate keys are errors: YAML's "last one wins" would let a second {@code port:} silently override the first. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private YamlFile() {
    }

    static ConfigNode read(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static ConfigNode parse(String name, byte[] content) {
        JsonNode node;
        try {
            node = YAML.readTree(content);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr();
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field ")) {
                throw new ConfigException(name, "", "duplicate key " + message.substring("Duplicate field ".length())
                        + line);
            }
            throw new ConfigException(name, "", "not valid YAML (" + firstLine(message) + line + ")");
        } catch (IOException e) {
            throw new ConfigException(name, "", "not valid YAML (" + firstLine(e.getMessage()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new ConfigException(name, "", "expected a YAML mapping at the top");
        }
        return new ConfigNode(name, "", node, KeyLines.of(YAML.getFactory(), content));
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
    }
}
