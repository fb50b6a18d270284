package dev.idgw.testkit.browser;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one test's screenshots go: {@code target/screenshots/<test>/} below the directory the test runs in
 * (Maven's Surefire runs in the module's directory, so they land in the module's {@code target/}, kept as
 * the run's artifacts and removed by {@code mvn clean}).
 */
public record ScreenshotFolder(Path dir) {
    /** File and folder names stay plain: no separators, no {@code ..}, nothing a shell would trip over. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");
    public static final Path DEFAULT_ROOT = Path.of("target", "screenshots");

    public ScreenshotFolder {
        Objects.requireNonNull(dir, "dir");
    }

    /** {@code target/screenshots/<test>}; {@code test} is e.g. the test class and method, {@code Class.method}. */
    public static ScreenshotFolder forTest(String test) {
        return new ScreenshotFolder(DEFAULT_ROOT.resolve(plain(test)));
    }

    /** The file a screenshot called {@code name} is saved to: {@code <dir>/<name>.png}. */
    public Path file(String name) {
        return dir.resolve(plain(name) + ".png");
    }

    static String plain(String name) {
        if (name == null || !PLAIN_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("not a plain file name (letters, digits, '.', '_', '-'): " + name);
        }
        return name;
    }
}
