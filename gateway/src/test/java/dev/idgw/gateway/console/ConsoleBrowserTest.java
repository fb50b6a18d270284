package dev.idgw.gateway.console;

import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.Field;
import dev.idgw.testkit.browser.HeadlessChromium;
import dev.idgw.testkit.browser.ScreenshotFolder;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The console as a compliance officer uses it, in Debian's headless Chromium against the running gateway with real
 * shares in real Redis: sign in (a wrong token shows an error and no data), find every share of a device typed
 * without dashes, print its right-to-know report, download California's disclosures for last month, and see a
 * tampered ledger flagged in words. Screenshots land in {@code gateway/target/screenshots/ConsoleBrowserTest/}.
 *
 * <p>The disclosures page opens on last month; the shares here are this month's (the compliance scans bound their
 * reads by the entries' stream IDs, which Redis stamps with its own clock, so a gateway clock set back a month would
 * record shares the scans never reach), so the test picks this month, as a person picks any month.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final ScreenshotFolder SHOTS = ScreenshotFolder.forTest("ConsoleBrowserTest");
    private static final LocalDate THIS_MONTH = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
    private static final LocalDate LAST_MONTH = THIS_MONTH.minusMonths(1);
    private static final String DEVICE = UUID.randomUUID().toString();
    private static final String COLORADAN = UUID.randomUUID().toString();
    private static GatewayHarness gateway;
    private static HeadlessChromium chromium;
    private static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha"))
                .partner(PartnerSpec.serviceProvider("bravo", EnumSet.of(Field.IP))).start();
        consent(DEVICE, "US-CA");
        consent(COLORADAN, "US-CO");
        for (int i = 0; i < 3; i++) {
            send(DEVICE, false);
            send(COLORADAN, false);
        }
        send(DEVICE, true);
        chromium = HeadlessChromium.start();
        downloads = Files.createTempDirectory("idgw-console-downloads");
        ((ChromeDriver) chromium.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        gateway.close();
    }

    @Test
    @Order(1)
    void shouldShowASignInErrorAndNoDataForAWrongToken() throws Exception {
        chromium.open(console(""));
        chromium.waitFor(By.id("token")).sendKeys("not-a-token");
        chromium.driver().findElement(By.cssSelector("#sign-in-form button")).click();

        String error = chromium.text(By.id("sign-in-error"));
        chromium.screenshot(SHOTS, "01-wrong-token");
        assertThat(error).contains("not accepted");
        assertThat(chromium.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(chromium.driver().findElement(By.id("page-shares")).isDisplayed()).isFalse();

        chromium.driver().findElement(By.id("token")).clear();
        chromium.driver().findElement(By.id("token")).sendKeys(GatewayHarness.CONSENT_TOKEN);
        chromium.driver().findElement(By.cssSelector("#sign-in-form button")).click();
        assertThat(chromium.waitFor(By.id("sign-in-error")).getText()).contains("neither the compliance nor the operator");
    }

    @Test
    @Order(2)
    void shouldFindEveryShareOfADeviceTypedWithoutDashes() throws Exception {
        signIn("shares");
        WebElement device = chromium.waitFor(By.cssSelector("#shares-form input[name=device]"));
        device.sendKeys(DEVICE.replace("-", "").toUpperCase());
        chromium.driver().findElement(By.cssSelector("#shares-form button")).click();

        chromium.waitForText(By.id("shares-status"), "4 records for this device.");
        List<WebElement> rows = chromium.all(By.cssSelector("#shares-table tbody tr"));
        chromium.screenshotFullPage(SHOTS, "02-shares-of-a-device", 3000);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).getText()).contains("California (US-CA)").contains("alpha").contains("bravo");
        assertThat(rows.get(3).getText()).contains("gpc: the browser or device sent Global Privacy Control");
        assertThat(chromium.driver().getPageSource()).doesNotContain(DEVICE);
        assertThat(chromium.driver().getCurrentUrl()).doesNotContain(GatewayHarness.COMPLIANCE_TOKEN);
    }

    @Test
    @Order(3)
    void shouldPageThroughTheWholeLog() {
        signIn("shares");
        chromium.waitFor(By.cssSelector("#shares-form input[name=device]")).clear();
        chromium.driver().findElement(By.cssSelector("#shares-form button")).click();
        chromium.waitForText(By.id("shares-status"), "7 records on page 1.");
        new Select(chromium.driver().findElement(By.cssSelector("#shares-form select[name=state]"))).selectByValue("US-CO");
        chromium.driver().findElement(By.cssSelector("#shares-form button")).click();
        chromium.waitForText(By.id("shares-status"), "3 records on page 1.");
        assertThat(chromium.all(By.cssSelector("#shares-table tbody tr")))
                .allSatisfy(r -> assertThat(r.getText()).contains("Colorado"));
    }

    @Test
    @Order(4)
    void shouldPrintARightToKnowReport() throws Exception {
        signIn("subject");
        chromium.waitFor(By.cssSelector("#subject-form input[name=id]")).sendKeys(DEVICE);
        chromium.driver().findElement(By.cssSelector("#subject-form button[type=submit]")).click();

        String summary = chromium.text(By.id("subject-summary"));
        assertThat(summary).isEqualTo("Personal information about this device was disclosed 4 times to 2 partners"
                + " in this period.");
        List<WebElement> partners = chromium.all(By.cssSelector("#subject-partners tbody tr"));
        assertThat(partners).hasSize(2);
        assertThat(partners.get(0).getText()).contains("alpha").contains("3").contains("the state's opt-out law: the person had not opted out")
                .contains("consent record version 1");
        assertThat(partners.get(1).getText()).contains("bravo").contains("IP address").contains("4");
        assertThat(chromium.driver().findElement(By.id("subject-print")).isEnabled()).isTrue();
        // As printed: the print stylesheet hides the controls and keeps the report.
        ((ChromeDriver) chromium.driver()).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(chromium.driver().findElement(By.id("subject-form")).isDisplayed()).isFalse();
            assertThat(chromium.driver().findElement(By.id("subject-report")).isDisplayed()).isTrue();
            chromium.screenshotFullPage(SHOTS, "04-right-to-know-report-as-printed", 3000);
        } finally {
            ((ChromeDriver) chromium.driver()).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    @Test
    @Order(5)
    void shouldDownloadCaliforniasDisclosuresForAMonth() throws Exception {
        signIn("disclosures");
        WebElement month = chromium.waitFor(By.cssSelector("#disclosures-form input[name=month]"));
        assertThat(month.getAttribute("value")).as("last month by default").isEqualTo(LAST_MONTH.toString().substring(0, 7));
        chromium.script("arguments[0].value = arguments[1]", month, THIS_MONTH.toString().substring(0, 7));
        new Select(chromium.driver().findElement(By.cssSelector("#disclosures-form select[name=state]")))
                .selectByValue("US-CA");
        chromium.driver().findElement(By.cssSelector("#disclosures-form button[type=submit]")).click();
        String status = chromium.waitUntil(d -> {
            String text = d.findElement(By.id("disclosures-status")).getText();
            return text.isEmpty() || text.startsWith("Loading") ? null : text;
        });
        assertThat(status).startsWith("Disclosures in California from " + THIS_MONTH + " 00:00:00 UTC");
        List<WebElement> rows = chromium.all(By.cssSelector("#disclosures-table tbody tr"));
        chromium.screenshotFullPage(SHOTS, "05-disclosures-california-a-month", 3000);
        assertThat(rows).isNotEmpty();
        assertThat(chromium.text(By.id("disclosures-table"))).contains("advertising network (3)").doesNotContain("Colorado");

        chromium.driver().findElement(By.id("disclosures-csv")).click();
        Path csv = downloads.resolve("disclosures-US-CA-" + THIS_MONTH.toString().substring(0, 7) + ".csv");
        String text = eventuallyGet(Duration.ofSeconds(10), () -> {
            assertThat(csv).exists();
            return Files.readString(csv);
        });
        HttpResponse<String> api = gateway.compliance("/compliance/v1/disclosures?state=US-CA&from="
                + THIS_MONTH.atStartOfDay().toInstant(ZoneOffset.UTC) + "&to="
                + THIS_MONTH.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC), GatewayHarness.COMPLIANCE_TOKEN,
                "Accept", "text/csv");
        assertThat(text).as("the file is the API's answer").isEqualTo(api.body());
        assertThat(text.lines()).anySatisfy(l -> assertThat(l).contains(",US-CA,").contains(",advertising network,3,"));
    }

    @Test
    @Order(6)
    void shouldFlagATamperedLedgerInWords() throws Exception {
        signIn("integrity");
        chromium.waitFor(By.id("verify-now")).click();
        chromium.waitForText(By.id("verify-status"), "Verified: every entry is intact and in order.");
        chromium.screenshotFullPage(SHOTS, "06-integrity-verified", 3000);

        tamperWithSecondEntry();
        chromium.driver().findElement(By.id("verify-now")).click();

        chromium.waitForText(By.id("verify-status"), "Verification FAILED.");
        String failure = chromium.text(By.cssSelector("#verify-table td.failure"));
        chromium.screenshotFullPage(SHOTS, "06-integrity-tampered", 3000);
        assertThat(failure).startsWith("entry 2 of writer " + gateway.config().writerId()
                + " was altered after it was written").contains("ALTERED at sequence 2");
    }

    @Test
    @Order(7)
    void shouldShowWhoPulledWhat() throws Exception {
        signIn("audit");
        chromium.waitUntil(d -> d.findElement(By.id("audit-status")).getText().contains("pulls in the last 30 days"));
        chromium.screenshotFullPage(SHOTS, "07-pulls-and-requests", 3000);
        assertThat(chromium.text(By.id("audit-table"))).contains("auditor").contains("subject").contains("verify");
        assertThat(chromium.text(By.id("metrics-table"))).contains("Opt out of sale or sharing");
    }

    /** An operator's token sees the partner preview only; the page shows each partner's payload and reasons. */
    @Test
    @Order(8)
    void shouldPreviewWhatEachPartnerWouldReceive() throws Exception {
        chromium.open(console("#preview"));
        if (chromium.driver().findElement(By.id("sign-out")).isDisplayed()) {
            chromium.driver().findElement(By.id("sign-out")).click();
        }
        WebElement token = chromium.waitFor(By.id("token"));
        token.clear();
        token.sendKeys(GatewayHarness.OPERATOR_TOKEN);
        chromium.driver().findElement(By.cssSelector("#sign-in-form button")).click();
        chromium.waitFor(By.id("page-preview"));
        assertThat(chromium.all(By.cssSelector("#nav a")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getText)).containsExactly("Partner preview");
        int receivedBefore = gateway.stub("alpha").received().size();
        WebElement request = chromium.driver().findElement(By.id("preview-request"));
        chromium.script("arguments[0].value = arguments[1]", request,
                AdPodRequests.dynamicPod("preview-1", DEVICE, "203.0.113.9").toString());
        chromium.driver().findElement(By.cssSelector("#preview-form button")).click();

        chromium.waitForText(By.id("preview-status"), "Nothing was sent and nothing was recorded.");
        List<WebElement> partners = chromium.all(By.cssSelector("#preview-result .partner"));
        chromium.screenshotFullPage(SHOTS, "08-partner-preview", 4000);
        assertThat(partners).hasSize(2);
        assertThat(partners.get(0).getText()).startsWith("alpha").contains("device_id: sent").contains(DEVICE);
        assertThat(partners.get(1).getText()).startsWith("bravo").contains("device_id: not-in-contract")
                .doesNotContain(DEVICE);

        chromium.driver().findElement(By.cssSelector("#preview-form input[name=gpc]")).click();
        chromium.driver().findElement(By.cssSelector("#preview-form button")).click();
        chromium.waitUntil(d -> d.findElement(By.cssSelector("#preview-result .partner")).getText()
                .contains("device_id: stripped"));
        assertThat(chromium.text(By.cssSelector("#preview-result .partner"))).contains("Global Privacy Control")
                .doesNotContain(DEVICE);
        assertThat(gateway.stub("alpha").received()).as("the preview sent nothing").hasSize(receivedBefore);
    }

    /** An attacker with Redis access rewrites the stream: entry 2 keeps its hash but names another state. */
    private static void tamperWithSecondEntry() {
        String stream = gateway.app().shareLogKeys().stream();
        List<StreamMessage<String, String>> entries = gateway.redis(c -> c.xrange(stream, Range.create("-", "+")));
        gateway.redis(c -> c.del(stream));
        for (StreamMessage<String, String> m : entries) {
            Map<String, String> body = new LinkedHashMap<>(m.getBody());
            if ("2".equals(body.get("seq"))) {
                body.put("e", body.get("e").replace("\"US-CA\"", "\"US-TX\"").replace("\"US-CO\"", "\"US-TX\""));
            }
            gateway.redis(c -> c.xadd(stream, new XAddArgs().id(m.getId()), body));
        }
    }

    private static void signIn(String page) {
        chromium.open(console("#" + page));
        if (!chromium.driver().findElement(By.id("nav")).isDisplayed()) {
            WebElement token = chromium.waitFor(By.id("token"));
            token.clear();
            token.sendKeys(GatewayHarness.COMPLIANCE_TOKEN);
            chromium.driver().findElement(By.cssSelector("#sign-in-form button")).click();
        }
        chromium.waitFor(By.id("page-" + page));
    }

    private static String console(String fragment) {
        return "http://127.0.0.1:" + gateway.compliancePort() + "/console/" + fragment;
    }

    private static void consent(String device, String state) {
        HttpResponse<String> r = gateway.internal("PUT", "/consent/v1/devices/" + device,
                "{\"adConsent\":true,\"jurisdiction\":\"" + state + "\",\"ageBand\":\"adult\"}", GatewayHarness.CONSENT_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static void send(String device, boolean gpc) {
        String body = AdPodRequests.dynamicPod("b-" + UUID.randomUUID(), device, "203.0.113.9").toString();
        assertThat((gpc ? gateway.post(body, "Sec-GPC", "1") : gateway.post(body)).statusCode()).isIn(200, 204);
    }
}
