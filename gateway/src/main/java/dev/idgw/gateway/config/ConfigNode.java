package dev.idgw.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML mapping with the file name and key path it came from, so every error says where it is.
 * Unknown keys are errors too: a misspelt limit silently falling back to a default is how gateways
 * end up with no timeout.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final JsonNode node;

    ConfigNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(file, key(key), problem);
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    public boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    public void allowOnly(Set<String> names) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!names.contains(name)) {
                throw error(name, "unknown key (allowed: " + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
    }

    public ConfigNode object(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw error(name, "missing");
        }
        if (!v.isObject()) {
            throw error(name, "expected a mapping");
        }
        return new ConfigNode(file, key(name), v);
    }

    public ConfigNode objectOrEmpty(String name) {
        return has(name) ? object(name) : new ConfigNode(file, key(name), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }

    public List<ConfigNode> objects(String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) {
            throw error(name, "expected a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw new ConfigException(file, key(name) + "[" + i + "]", "expected a mapping");
            }
            out.add(new ConfigNode(file, key(name) + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    public Map<String, ConfigNode> objectsByName(String name) {
        ConfigNode parent = object(name);
        Map<String, ConfigNode> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) parent.node::fields) {
            if (!e.getValue().isObject()) {
                throw parent.error(e.getKey(), "expected a mapping");
            }
            out.put(e.getKey(), new ConfigNode(file, parent.key(e.getKey()), e.getValue()));
        }
        return out;
    }

    public String string(String name) {
        JsonNode v = node.get(name);
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
        JsonNode v = node.get(name);
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
}
