package dev.idgw.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.loadtest.DevicePool;
import dev.idgw.loadtest.LoadReport;
import dev.idgw.loadtest.LoadTest;
import dev.idgw.loadtest.LoadTestConfig;
import dev.idgw.loadtest.StubServer;
import dev.idgw.loadtest.report.Check;
import dev.idgw.loadtest.report.HtmlReport;
import dev.idgw.loadtest.report.Verdict;
import dev.idgw.loadtest.stub.CheckLedger;
import dev.idgw.loadtest.truth.Field;
import dev.idgw.loadtest.truth.PayloadVerdict;
import dev.idgw.testkit.browser.HeadlessChromium;
import dev.idgw.testkit.browser.ScreenshotFolder;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The report as a person sees it, in Debian's headless Chromium: a page written from two real recorded runs
 * (the generator against a fast stub standing in for the baseline and a slower, once-stalling one for the
 * gateway, each with its own HdrHistogram) and real truth and coverage bookkeeping. Checked in the browser:
 * each series' path is drawn with its points, the axes are labelled, the verdict and every check's result are
 * on the page. Screenshots go to target/screenshots/HtmlReportInBrowserTest/, the page to target/reports/.
 */
class HtmlReportInBrowserTest {
  private static final double RATE = 200;
  private static final Path PAGE = Path.of("target", "reports", "HtmlReportInBrowserTest", "report.html");
  private static final ScreenshotFolder SHOTS = ScreenshotFolder.forTest("HtmlReportInBrowserTest");

  private static JsonObject scenario;

  @BeforeAll
  static void recordTwoRunsAndWriteThePage() throws Exception {
    ScenarioOptions options = ScenarioOptions.parse(List.of("--baseline", "--rate", "200", "--duration", "3s",
        "--warmup", "0s", "--first-requests", "0"));
    var result = new ScenarioResult.Builder(options, "browser1");
    result.loadAverageAtStart(ProcessCpu.loadAverage());
    try (StubServer baseline = StubServer.start().delay(Duration.ofMillis(2));
         StubServer gateway = StubServer.start().delay(Duration.ofMillis(8))
             .stall(Duration.ofMillis(1500), Duration.ofMillis(120))) {
      LoadReport baselineRun = LoadTest.run(config(baseline.target(), "baseline@200"));
      LoadReport gatewayRun = LoadTest.run(config(gateway.target(), "gateway@200"));
      result.runs(List.of(run(Scenario.BASELINE, baselineRun), run(Scenario.GATEWAY, gatewayRun)));
    }
    result.loadAverageAfterLoad(ProcessCpu.loadAverage());
    CheckLedger ledger = judgedPayloads();
    var records = new ShareCoverage.RecordIndex();
    ledger.sentIdentities().forEach(sent -> records.add("{\"rid\":\"" + sent.requestId()
        + "\",\"p\":[{\"id\":\"" + sent.partnerId() + "\",\"f\":[\"device_id\"]}]}"));
    result.checks(ledger);
    result.coverage(ShareCoverage.compare(ledger.sentIdentities(), records, 1));
    ScenarioResult built = result.build();
    assertThat(built.toTable()).contains("-- what the verdict covers");
    scenario = built.toJson();
    Files.deleteIfExists(PAGE);
    HtmlReport.write(scenario, PAGE);
  }

  private static LoadTestConfig config(URI target, String label) {
    // A second of unrecorded warm-up: the first run in this JVM would otherwise record the generator's own start.
    return LoadTestConfig.builder(target).ratePerSecond(RATE).duration(Duration.ofSeconds(3)).warmup(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(3)).devices(DevicePool.random(50, 7)).label(label).build();
  }

  private static TargetRun run(String target, LoadReport report) {
    return new TargetRun(target, "fixed", RATE, report, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  }

  /** 600 payloads, half with a device ID, one missing an allowed IP (a soft miss), no violation. */
  private static CheckLedger judgedPayloads() {
    var ledger = new CheckLedger();
    for (int i = 0; i < 600; i++) {
      Set<Field> present = i % 2 == 0 ? Set.of(Field.DEVICE_ID) : Set.of();
      Set<Field> absent = i == 7 ? Set.of(Field.IP) : Set.of();
      ledger.record("acme-ssp", "rid-" + i, new PayloadVerdict(true, present, List.of(), absent), System.nanoTime());
    }
    return ledger;
  }

  @Test
  @Timeout(90)
  void shouldDrawBothPercentileCurvesOnLabelledAxes() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(PAGE);
      WebElement plot = browser.waitFor(By.cssSelector("svg#latency-plot"));

      for (String target : List.of("gateway", "baseline")) {
        WebElement path = browser.waitForPresence(By.cssSelector("svg#latency-plot path.series-" + target));
        long drawn = (Long) browser.script("return arguments[0].getAttribute('d').split(/[ML]/)"
            + ".filter(function (s) { return s.trim().length > 0; }).length", path);
        assertThat(drawn).as("points of the %s curve", target).isGreaterThan(20)
            .isEqualTo(Long.parseLong(path.getAttribute("data-points")));
        // Laid out by the browser's SVG engine: a real line across most of the plot, not an empty path.
        Number length = (Number) browser.script("return arguments[0].getTotalLength()", path);
        Number width = (Number) browser.script("return arguments[0].getBBox().width", path);
        assertThat(length.doubleValue()).as("%s curve length", target).isGreaterThan(300);
        assertThat(width.doubleValue()).as("%s curve width", target).isGreaterThan(0.6 * (820 - 72 - 24));
        assertThat(path.getCssValue("stroke")).as("%s drawn in its colour", target).isNotEqualTo("none");
      }
      List<String> ticks = texts(browser, "svg#latency-plot .x-axis .tick-label");
      assertThat(ticks).contains("0%", "90%", "99%");
      assertThat(texts(browser, "svg#latency-plot .axis-title")).anySatisfy(t -> assertThat(t).startsWith("percentile"))
          .anySatisfy(t -> assertThat(t).startsWith("latency (ms)"));
      assertThat(texts(browser, "svg#latency-plot .legend-label")).containsExactly("gateway", "baseline");

      WebElement throughput = browser.waitForPresence(By.cssSelector("svg#throughput-plot path.series-gateway"));
      assertThat(Integer.parseInt(throughput.getAttribute("data-points"))).isEqualTo(3);
      assertThat(browser.all(By.cssSelector("svg#throughput-plot path.series-offered"))).hasSize(1);
      assertThat(browser.script("return performance.getEntriesByType('resource').length")).as("nothing fetched")
          .isEqualTo(0L);

      browser.script("arguments[0].scrollIntoView()", plot);
      assertThat(browser.screenshot(SHOTS, "latency-plot")).isNotEmptyFile();
    }
  }

  @Test
  @Timeout(90)
  void shouldShowTheVerdictWhatItCoversAndEveryChecksResult() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(PAGE);

      assertThat(browser.text(By.id("verdict-word"))).isEqualTo("PASSED");
      assertThat(browser.text(By.id("verdict-covers")))
          .startsWith("PASSED covers the truth checks and share-record coverage (3 checks, each must be met)");
      Verdict verdict = Verdict.of(scenario);
      assertThat(browser.all(By.cssSelector("#checks tbody tr"))).hasSize(verdict.checks().size());
      for (Check check : verdict.checks()) {
        String shown = browser.text(By.cssSelector("tr[data-check='" + check.id() + "'] td.outcome"));
        assertThat(shown).as(check.id()).isEqualTo(check.outcome().words());
      }
      assertThat(outcome(browser, "no-identity-leak")).isEqualTo("met");
      assertThat(outcome(browser, "share-record-for-every-identity")).isEqualTo("met");
      assertThat(outcome(browser, "expected-identity-delivered")).isEqualTo("not met");
      assertThat(outcome(browser, "throughput-ratio")).isEqualTo("not measured");
      assertThat(browser.text(By.cssSelector("tr[data-check='no-identity-leak'] td.measured")))
          .isEqualTo("0 violations in 600 payloads judged, 300 of them with identity");
      // The outcome colours come from the page's own style sheet: green for met, red for not met.
      assertThat(browser.waitFor(By.cssSelector("tr[data-check='no-identity-leak'] td.outcome"))
          .getCssValue("background-color")).isEqualTo("rgba(233, 247, 239, 1)");
      assertThat(browser.waitFor(By.cssSelector("tr[data-check='expected-identity-delivered'] td.outcome"))
          .getCssValue("background-color")).isEqualTo("rgba(253, 237, 236, 1)");
      assertThat(browser.text(By.cssSelector("dt[data-soft='expected-but-absent']")))
          .isEqualTo("Identity expected but absent: 1 payload (IP 1)");

      assertThat(browser.screenshot(SHOTS, "report-top")).isNotEmptyFile();
      assertThat(browser.screenshotFullPage(SHOTS, "report-full", 8000)).isNotEmptyFile();
    }
  }

  private static String outcome(HeadlessChromium browser, String check) {
    return browser.text(By.cssSelector("tr[data-check='" + check + "'] td.outcome"));
  }

  private static List<String> texts(HeadlessChromium browser, String css) {
    browser.waitFor(By.cssSelector(css));
    return browser.all(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }
}
