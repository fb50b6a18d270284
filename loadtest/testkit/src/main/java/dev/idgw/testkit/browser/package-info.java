/**
 * A real browser for tests that check what a person sees: {@link dev.idgw.testkit.browser.HeadlessChromium}
 * drives Debian's {@code chromium} through {@code chromedriver} (Selenium WebDriver, both binaries at
 * {@code /usr/bin}, never downloaded), waits for conditions instead of sleeping, reads text and saves PNG
 * screenshots under {@code target/screenshots/<test>/} ({@link dev.idgw.testkit.browser.ScreenshotFolder}).
 * When the binaries are missing, starting it fails with a message that says how to install them: a test of a
 * page must never pass by not looking at it.
 *
 * <p>Selenium is an optional dependency of testkit: a module whose tests use this package declares
 * {@code selenium-chrome-driver} and {@code selenium-support} in test scope itself.
 */
package dev.idgw.testkit.browser;
