package dev.idgw.testkit.browser;

import java.util.List;

/**
 * Thrown when a test needs the browser and the machine has none: it names what is missing and the command
 * that installs it, so the failure is its own instructions. Deliberately not an assumption failure: a page
 * test that skips on a machine without Chromium would pass there without ever looking at the page.
 */
public final class BrowserMissing extends IllegalStateException {
    BrowserMissing(List<String> missing) {
        super("this test drives a real headless Chromium, but " + String.join(" and ", missing)
                + (missing.size() == 1 ? " is" : " are") + " missing; install with: "
                + BrowserSettings.INSTALL_HINT + " (as root; .ci/run does it when /usr/bin/chromedriver is missing)");
    }
}
