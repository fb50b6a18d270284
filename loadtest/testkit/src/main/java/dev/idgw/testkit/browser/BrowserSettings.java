package dev.idgw.testkit.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the browser and its driver are, the window it opens and how long a wait may take. The defaults are
 * Debian's packages ({@code apt-get install -y chromium chromium-driver}) and a 1280×900 window, so the same
 * page gives the same screenshot on every machine.
 *
 * @param chromium       the browser binary
 * @param chromedriver   the WebDriver server that drives it; given to Selenium directly, so Selenium Manager
 *                       never tries to download one
 * @param windowWidth    CSS pixels
 * @param windowHeight   CSS pixels
 * @param waitTimeout    the longest a {@code waitFor…} waits for its condition before the test fails
 */
public record BrowserSettings(Path chromium, Path chromedriver, int windowWidth, int windowHeight,
                              Duration waitTimeout) {
    public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DEFAULT_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final int DEFAULT_WINDOW_WIDTH = 1280;
    public static final int DEFAULT_WINDOW_HEIGHT = 900;
    /** Generous for a local page (a cold Chromium takes a second or two to lay out the first one). */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(15);
    public static final String INSTALL_HINT = "apt-get install -y chromium chromium-driver";

    public static final BrowserSettings DEFAULT = new BrowserSettings(DEFAULT_CHROMIUM, DEFAULT_CHROMEDRIVER,
            DEFAULT_WINDOW_WIDTH, DEFAULT_WINDOW_HEIGHT, DEFAULT_WAIT_TIMEOUT);

    public BrowserSettings {
        Objects.requireNonNull(chromium, "chromium");
        Objects.requireNonNull(chromedriver, "chromedriver");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        if (windowWidth < 100 || windowHeight < 100) {
            throw new IllegalArgumentException("window must be at least 100×100, got " + windowWidth + "×" + windowHeight);
        }
        if (waitTimeout.isNegative() || waitTimeout.isZero()) {
            throw new IllegalArgumentException("waitTimeout must be positive, got " + waitTimeout);
        }
    }

    public BrowserSettings window(int width, int height) {
        return new BrowserSettings(chromium, chromedriver, width, height, waitTimeout);
    }

    public BrowserSettings waitTimeout(Duration timeout) {
        return new BrowserSettings(chromium, chromedriver, windowWidth, windowHeight, timeout);
    }

    public BrowserSettings binaries(Path chromiumBinary, Path chromedriverBinary) {
        return new BrowserSettings(chromiumBinary, chromedriverBinary, windowWidth, windowHeight, waitTimeout);
    }

    /**
     * What is missing, in words a person can act on; empty when both binaries are there and executable.
     * A test that needs the browser fails with this (never skips): CI installs both (.ci/run).
     */
    public List<String> missingBinaries() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium + " (Debian package chromium)");
        }
        if (!Files.isExecutable(chromedriver)) {
            missing.add(chromedriver + " (Debian package chromium-driver)");
        }
        return missing;
    }
}
