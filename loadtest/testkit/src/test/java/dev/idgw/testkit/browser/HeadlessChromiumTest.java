package dev.idgw.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The kit against a real page: a JDK HttpServer on 127.0.0.1 port 0 serves a page whose text only a script
 * writes 1.5 s after load (longer than the driver takes to come back from loading it), so the test passes only
 * if the browser really runs the script and the wait really waits.
 */
class HeadlessChromiumTest {
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>kit self-test</title></head>
            <body style="font-family: sans-serif">
              <h1>Browser kit</h1>
              <p id="answer" hidden></p>
              <script>
                setTimeout(function () {
                  var answer = document.getElementById('answer');
                  answer.textContent = 'rendered by script: ' + (6 * 7);
                  answer.hidden = false;
                }, 1500);
              </script>
            </body></html>
            """;

    private static HttpServer server;
    private static URI pageUrl;

    @BeforeAll
    static void serveThePage() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        pageUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/page");
    }

    @AfterAll
    static void stopServing() {
        server.stop(0);
    }

    @Test
    void shouldSeeTheTextAScriptWritesAndSaveAScreenshot() throws IOException {
        ScreenshotFolder folder = ScreenshotFolder.forTest("HeadlessChromiumTest.selfTest");
        Files.deleteIfExists(folder.file("page"));
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(pageUrl);
            assertThat(browser.title()).isEqualTo("kit self-test");

            browser.waitForText(By.id("answer"), "rendered by script: 42");

            assertThat(browser.text(By.id("answer"))).isEqualTo("rendered by script: 42");
            assertThat(browser.script("return window.innerWidth")).isEqualTo(1280L);
            Path shot = browser.screenshot(folder, "page");
            assertThat(shot).isEqualTo(Path.of("target/screenshots/HeadlessChromiumTest.selfTest/page.png"));
            byte[] png = Files.readAllBytes(shot);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(png.length).isGreaterThan(1_000);
            Path full = browser.screenshotFullPage(folder, "page-full", 4_000);
            assertThat(full).exists();
        }
    }

    @Test
    void shouldFailNamingTheInstallCommandWhenChromedriverIsMissing() {
        BrowserSettings noDriver = BrowserSettings.DEFAULT.binaries(BrowserSettings.DEFAULT_CHROMIUM,
                Path.of("/nonexistent/chromedriver"));

        assertThatThrownBy(() -> HeadlessChromium.start(noDriver))
                .isInstanceOf(BrowserMissing.class)
                .hasMessageContaining("/nonexistent/chromedriver (Debian package chromium-driver) is missing")
                .hasMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void shouldKeepScreenshotNamesInsideTheirFolder() {
        ScreenshotFolder folder = ScreenshotFolder.forTest("Some.test");

        assertThat(folder.file("report-top")).isEqualTo(Path.of("target/screenshots/Some.test/report-top.png"));
        assertThatThrownBy(() -> folder.file("../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScreenshotFolder.forTest("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
