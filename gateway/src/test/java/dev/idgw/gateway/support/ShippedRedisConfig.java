package dev.idgw.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operator's share-log Redis config ({@code config/redis-sharelog.conf}) turned into
 * {@code redis-server} command-line arguments, so durability tests run the shipped file rather than a
 * copy of its settings that could drift. {@code bind}, {@code port} and {@code dir} are left out: a test
 * server picks its own.
 */
public final class ShippedRedisConfig {
    /** Relative to the gateway module, which is where Maven runs the tests. */
    public static final Path FILE = Path.of("../config/redis-sharelog.conf");
    private static final Set<String> OWN_CHOICE = Set.of("bind", "port", "dir");

    private ShippedRedisConfig() {
    }

    public static List<String> arguments() throws IOException {
        List<String> args = new ArrayList<>();
        for (String raw : Files.readAllLines(FILE)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = words(line);
            if (OWN_CHOICE.contains(words.get(0).toLowerCase())) {
                continue;
            }
            args.add("--" + words.get(0));
            args.addAll(words.subList(1, words.size()));
        }
        return args;
    }

    /** Splits a config line into words; a double-quoted word may be empty ({@code save ""}). */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException(FILE + ": unbalanced quote in: " + line);
                }
                words.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                words.add(line.substring(i, end));
                i = end;
            }
        }
        return words;
    }
}
