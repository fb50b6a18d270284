package dev.idgw.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page as text: self-contained, everything escaped, every check and soft count on it. */
class HtmlReportTest {
  private static final String HOSTILE = "</script><img src=x onerror=alert(1)>\"'&";

  @Test
  void shouldEscapeEverythingTheJsonBrings() {
    JsonObject json = ScenarioJson.passing().set("run_id", HOSTILE).set("setup.gateway_jar", HOSTILE)
        .set("host.load_average_at_start", HOSTILE).json();
    json.getJsonObject("setup").getJsonArray("partners").getJsonObject(0).put("id", HOSTILE);

    String page = HtmlReport.render(json);

    assertThat(page).doesNotContain("<img").doesNotContain("onerror=alert(1)>")
        .contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
    // The embedded JSON keeps the value but cannot close its block: the only </script> is the block's own end.
    assertThat(page.split("</script>", -1)).hasSize(2);
    Matcher embedded = Pattern.compile("<script type=\"application/json\" id=\"scenario-json\">(.*)</script>",
        Pattern.DOTALL).matcher(page);
    assertThat(embedded.find()).isTrue();
    assertThat(new JsonObject(embedded.group(1)).getString("run_id")).isEqualTo(HOSTILE);
  }

  @Test
  void shouldLoadNothingFromAnywhere() {
    String page = HtmlReport.render(ScenarioJson.passing().json());

    assertThat(page).contains("Content-Security-Policy\" content=\"default-src 'none'")
        .doesNotContain(" src=").doesNotContain(" href=").doesNotContain("@import").doesNotContain("url(")
        .doesNotContain("<script>").doesNotContain("<link");
    // The only address is SVG's namespace name, which is never fetched.
    assertThat(page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:").doesNotContain("https:");
  }

  @Test
  void shouldListEveryCheckWithItsOutcomeAndTheVerdictsCoverage() {
    String page = HtmlReport.render(ScenarioJson.passing().json());

    assertThat(page).contains("<span id=\"verdict-word\">PASSED</span>")
        .contains("PASSED covers the truth checks and share-record coverage (3 checks, each must be met)");
    for (Check check : Verdict.of(ScenarioJson.passing().json()).checks()) {
      String outcome = check.outcome().words().replace(' ', '-');
      assertThat(page).contains("data-check=\"" + check.id() + "\" data-outcome=\"" + outcome + "\"");
    }
    assertThat(page).contains("data-check=\"p99-added\" data-outcome=\"not-met\"")
        .contains("30.62 ms (gateway 54.75 ms, baseline 24.13 ms)");
  }

  @Test
  void shouldExplainEverySoftCountInWords() {
    String page = HtmlReport.render(ScenarioJson.passing().findMax(2815, 4923).json());

    for (String id : new String[] {"expected-but-absent", "unmatched", "not-json", "records-pulled",
        "failures-gateway", "failures-baseline", "generator-lag-gateway", "generator-lag-baseline", "find-max-retries",
        "load-average"}) {
      assertThat(page).contains("data-soft=\"" + id + "\"");
    }
    assertThat(page).contains("Identity expected but absent: <span class=\"number\">3 payloads (device ID 2, IP 3)</span>")
        .contains("failing closed").contains("Repeated find-max steps: <span class=\"number\">1 tries</span>");
  }

  @Test
  void shouldDrawBothTargetsOnOnePercentilePlotAndTheThroughputOverTime() {
    String page = HtmlReport.render(ScenarioJson.passing().json());

    assertThat(page).contains("<svg id=\"latency-plot\"").contains("<svg id=\"throughput-plot\"");
    // 11 points per run in the fixture, the 100 % point left out: it lies at infinity on this axis.
    assertThat(page).contains("class=\"series series-gateway\" data-series=\"gateway\" data-points=\"10\"")
        .contains("class=\"series series-baseline\" data-series=\"baseline\" data-points=\"10\"")
        // Five whole seconds of the 5 s phase; the sixth, partial one (the drain) is not drawn.
        .contains("class=\"series series-gateway\" data-series=\"gateway\" data-points=\"5\"")
        .contains("class=\"series series-offered dashed\"");
    assertThat(page).contains(">99%</text>").contains(">99.9%</text>").contains("latency (ms), from the intended send");
  }

  @Test
  void shouldSayWhyATargetHasNoCurve() {
    String page = HtmlReport.render(ScenarioJson.passing().baselineAnsweredNothing().json());

    assertThat(page).contains("data-series=\"gateway\" data-points=\"10\"")
        .doesNotContain("class=\"series series-baseline\" data-series=\"baseline\" data-points=\"10\"")
        .contains("<p class=\"missing\" data-no-curve=\"baseline\">No curve for the baseline")
        .contains("<tr data-target=\"baseline\"><td>baseline</td><td>100.0</td><td>–</td><td>–</td><td>–</td>");
  }

  @Test
  void shouldSaySoWhenTheJsonHasNoDistribution() {
    JsonObject json = ScenarioJson.passing().json();
    json.put("runs", new JsonArray());

    String page = HtmlReport.render(json);

    assertThat(page).contains("This JSON has no percentile distribution").doesNotContain("<svg id=\"latency-plot\"");
  }

  @Test
  void shouldPutTheHtmlBesideTheJson() {
    assertThat(HtmlReport.besideJson(Path.of("/tmp/run/report.json"))).isEqualTo(Path.of("/tmp/run/report.html"));
    assertThat(HtmlReport.besideJson(Path.of("report.JSON"))).isEqualTo(Path.of("report.html"));
    assertThat(HtmlReport.besideJson(Path.of("out"))).isEqualTo(Path.of("out.html"));
  }
}
