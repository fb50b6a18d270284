package dev.idgw.testkit.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium with its chromedriver, both child processes of this JVM, closed together. Opens a
 * URL, waits for an element or any condition (WebDriverWait polls; nothing sleeps a guessed time), reads
 * text, runs a script and saves PNG screenshots.
 *
 * <p>Started with {@code --headless=new} (the real browser without a window, same layout and fonts),
 * {@code --no-sandbox} (Chromium refuses to start its sandbox as root, which CI and the dev machines are),
 * {@code --disable-dev-shm-usage} (a small /dev/shm in containers crashes tabs otherwise) and a fixed window
 * size, so a screenshot of the same page is the same picture on every machine. Its profile is a fresh temp
 * directory, and background networking is off: a test page loads only what it names.
 */
public final class HeadlessChromium implements AutoCloseable {
    /**
     * Selenium warns on every start that it has no DevTools bindings for Debian's Chromium version; the kit
     * uses none (WebDriver only), so the warning is noise in every test log. Held in a field: java.util.logging
     * keeps loggers weakly, and a collected logger would forget its level.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private final BrowserSettings settings;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(BrowserSettings settings, ChromeDriverService service, ChromeDriver driver) {
        this.settings = settings;
        this.service = service;
        this.driver = driver;
    }

    /** Starts Debian's Chromium as {@link BrowserSettings#DEFAULT} says. */
    public static HeadlessChromium start() {
        return start(BrowserSettings.DEFAULT);
    }

    /**
     * Starts the browser, or throws {@link BrowserMissing} naming the missing binary and the install command.
     */
    public static HeadlessChromium start(BrowserSettings settings) {
        List<String> missing = settings.missingBinaries();
        if (!missing.isEmpty()) {
            throw new BrowserMissing(missing);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(settings.chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(settings.chromium().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + settings.windowWidth() + "," + settings.windowHeight(),
                        "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                        "--disable-background-networking", "--disable-sync", "--disable-default-apps",
                        "--force-device-scale-factor=1");
        try {
            return new HeadlessChromium(settings, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    public BrowserSettings settings() {
        return settings;
    }

    /** The WebDriver itself, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} (http:, https: or file:) and returns once the document's load event has fired. */
    public HeadlessChromium open(URI url) {
        driver.get(url.toString());
        return this;
    }

    public HeadlessChromium open(String url) {
        return open(URI.create(url));
    }

    /** Opens a local file, e.g. a report a test has just written. */
    public HeadlessChromium open(Path file) {
        return open(file.toAbsolutePath().toUri());
    }

    /** Waits until an element matching {@code locator} is visible and returns it. */
    public WebElement waitFor(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until the visible element at {@code locator} shows exactly {@code text} (trimmed). */
    public WebElement waitForText(By locator, String text) {
        Objects.requireNonNull(text, "text");
        return waitUntil(driver -> {
            for (WebElement element : driver.findElements(locator)) {
                if (element.isDisplayed() && text.equals(element.getText().trim())) {
                    return element;
                }
            }
            return null;
        });
    }

    /**
     * Waits until {@code condition} returns something other than null or false, at most
     * {@link BrowserSettings#waitTimeout()}; then fails with Selenium's TimeoutException, which names the
     * condition and the last thing it saw.
     */
    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, settings.waitTimeout(), Duration.ofMillis(50)).until(condition);
    }

    /** The visible text of the first element at {@code locator} (waits for it to be visible first). */
    public String text(By locator) {
        return waitFor(locator).getText();
    }

    /** Every element at {@code locator} now, without waiting (empty when none). */
    public List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    /** Runs {@code script} in the page ({@code return …} gives a value back; arguments are {@code arguments[i]}). */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** The page title. */
    public String title() {
        return driver.getTitle();
    }

    /** Saves what the window shows as {@code <folder>/<name>.png} and returns the file. */
    public Path screenshot(ScreenshotFolder folder, String name) throws IOException {
        Path file = folder.file(name);
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /**
     * Saves the whole page, not only the window: the window is made as tall as the document (up to
     * {@code maxHeight} pixels) for the shot and set back afterwards.
     */
    public Path screenshotFullPage(ScreenshotFolder folder, String name, int maxHeight) throws IOException {
        Dimension before = driver.manage().window().getSize();
        Number height = (Number) script("return Math.max(document.documentElement.scrollHeight,"
                + " document.body ? document.body.scrollHeight : 0)");
        // The window's outer height includes the browser's (headless, empty) frame: add what the viewport lacks.
        Number chrome = (Number) script("return window.outerHeight - window.innerHeight");
        int wanted = Math.min(maxHeight, height.intValue() + Math.max(0, chrome.intValue()));
        try {
            if (wanted > before.getHeight()) {
                driver.manage().window().setSize(new Dimension(before.getWidth(), wanted));
            }
            return screenshot(folder, name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Quits the browser and stops chromedriver; safe to call twice. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
