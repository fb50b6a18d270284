package dev.idgw.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A YAML mapping with the file name and key path it came from, so every error says where it is (and
 * on which line, when the key is in the file).
 *
 * <p>Every key a reader asks for, present or not, becomes a known key of this mapping; {@link
 * #rejectUnknownKeys()} then fails on any other. So a section's keys are exactly those its reader
 * reads (adding a key is adding its read), and a misspelt limit is an error instead of silently
 * falling back to a default, which is how gateways end up with no timeout. A mapping with a required
 * key names its keys up front with {@link #allowOnly}: a misspelt required key is then reported as
 * unknown (the typo) rather than as missing. Not thread-safe: a reader uses its node once, at start.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final KeyLines lines;
    private final Set<String> known = new TreeSet<>();

    ConfigNode(String file, String path, JsonNode node, KeyLines lines) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.lines = lines;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    /** An error at {@code name} in this mapping, with the key's line (or this mapping's, when the key is absent). */
    public ConfigException error(String name, String problem) {
        String key = key(name);
        return new ConfigException(file, key, problem, lines.lineOf(key, path));
    }

    /** An error about this mapping as a whole. */
    public ConfigException error(String problem) {
        return new ConfigException(file, path, problem, lines.lineOf(path, path));
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode get(String name) {
        known.add(name);
        return node.get(name);
    }

    public boolean has(String name) {
        JsonNode v = get(name);
        return v != null && !v.isNull();
    }

    /** Fails on the first key not in {@code names}, naming it; the names become known keys. */
    public void allowOnly(Set<String> names) {
        known.addAll(names);
        rejectUnknownKeys();
    }

    /** Fails on the first key no read asked for, naming it and the keys this mapping has. */
    public void rejectUnknownKeys() {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!known.contains(name)) {
                throw error(name, "unknown key (allowed: " + String.join(", ", known) + ")");
            }
        }
    }

    public ConfigNode object(String name) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            throw error(name, "missing");
        }
        if (!v.isObject()) {
            throw error(name, "expected a mapping");
        }
        return new ConfigNode(file, key(name), v, lines);
    }

    public ConfigNode objectOrEmpty(String name) {
        return has(name) ? object(name)
                : new ConfigNode(file, key(name), JsonNodeFactory.instance.objectNode(), lines);
    }

    public List<ConfigNode> objects(String name) {
        JsonNode v = get(name);
        if (v == null || !v.isArray()) {
            throw error(name, "expected a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String item = key(name) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                throw new ConfigException(file, item, "expected a mapping", lines.lineOf(item, path));
            }
            out.add(new ConfigNode(file, item, v.get(i), lines));
        }
        return out;
    }

    public Map<String, ConfigNode> objectsByName(String name) {
        ConfigNode parent = object(name);
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) parent.node::fields) {
            parent.known.add(e.getKey());
            if (!e.getValue().isObject()) {
                throw parent.error(e.getKey(), "expected a mapping");
            }
            out.put(e.getKey(), new ConfigNode(file, parent.key(e.getKey()), e.getValue(), lines));
        }
        return out;
    }

    /**
     * Like {@link #objectsByName}, but each value may also be a list of mappings (one name, several
     * entries, e.g. a region's rules for successive periods); a single mapping is a list of one.
     */
    public Map<String, List<ConfigNode>> objectListsByName(String name) {
        ConfigNode parent = object(name);
        Map<String, List<ConfigNode>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) parent.node::fields) {
            parent.known.add(e.getKey());
            if (e.getValue().isObject()) {
                out.put(e.getKey(), List.of(new ConfigNode(file, parent.key(e.getKey()), e.getValue(), lines)));
            } else if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                out.put(e.getKey(), parent.objects(e.getKey()));
            } else {
                throw parent.error(e.getKey(), "expected a mapping or a non-empty list of mappings");
            }
        }
        return out;
    }

    /** This mapping's line in its file (0: unknown). */
    public int line() {
        return lines.lineOf(path, path);
    }

    public String string(String name) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            throw error(name, "missing");
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw error(name, "expected text");
        }
        String s = v.asText().trim();
        if (s.isEmpty()) {
            throw error(name, "must not be empty");
        }
        return s;
    }

    public String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    public List<String> strings(String name) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(name, "expected a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw error(name, "expected a list of text");
            }
            out.add(item.asText());
        }
        return out;
    }

    public int integer(String name, int fallback, int min, int max) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw error(name, "expected a whole number from " + min + " to " + max + ", got '" + v.asText() + "'");
        }
        return v.intValue();
    }

    public boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            throw error(name, "expected true or false, got '" + v.asText() + "'");
        }
        return v.booleanValue();
    }

    public boolean bool(String name) {
        if (!has(name)) {
            throw error(name, "missing");
        }
        return bool(name, false);
    }

    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        if (!has(name)) {
            return fallback;
        }
        Duration d = parsed(name, DurationText::parse);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(name, "must be between " + min.toMillis() + "ms and " + max.toMillis() + "ms");
        }
        return d;
    }

    /** A value converted by {@code parser}, whose IllegalArgumentException becomes an error at this key. */
    public <T> T parsed(String name, Function<String, T> parser) {
        String text = string(name);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage());
        }
    }

    /** A file path, relative to {@code base} (the config file's folder); an unusable one is an error at its key. */
    public Path resolvedPath(String name, Path base, Path fallback) {
        try {
            return base.resolve(has(name) ? Path.of(string(name)) : fallback);
        } catch (InvalidPathException e) {
            throw error(name, "not a usable file path");
        }
    }

    /** Like {@link #parsed(String, Function)}, or {@code fallback} when the key is absent. */
    public <T> T parsed(String name, Function<String, T> parser, T fallback) {
        return has(name) ? parsed(name, parser) : fallback;
    }
}
