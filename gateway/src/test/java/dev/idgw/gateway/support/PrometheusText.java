package dev.idgw.gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /metrics} (Prometheus text format 0.0.4), read into samples for assertions. */
public final class PrometheusText {
    /** One line: {@code name{k="v",…} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The sum of every sample named {@code name} whose labels include all the given pairs (k1, v1, k2, v2, …). */
    public double sum(String name, String... labelPairs) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s, labelPairs)) {
                total += s.value();
            }
        }
        return total;
    }

    public boolean has(String name, String... labelPairs) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s, labelPairs));
    }

    /** Every label key used by samples whose name starts with {@code prefix}. */
    public Set<String> labelKeys(String prefix) {
        Set<String> keys = new TreeSet<>();
        samples.stream().filter(s -> s.name().startsWith(prefix)).forEach(s -> keys.addAll(s.labels().keySet()));
        return keys;
    }

    /** Every value label {@code key} takes on samples whose name starts with {@code prefix}. */
    public Set<String> labelValues(String prefix, String key) {
        Set<String> values = new TreeSet<>();
        samples.stream().filter(s -> s.name().startsWith(prefix) && s.labels().containsKey(key))
                .forEach(s -> values.add(s.labels().get(key)));
        return values;
    }

    private static boolean matches(Sample s, String... labelPairs) {
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
