package dev.idgw.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One short scenario against the real gateway jar and a private durable Redis, when both are there
 * (the gateway is built before this module in a full build; skipped otherwise). Not a benchmark: it
 * proves the truth checks and the share-record coverage hold end to end, and that the
 * first request after ready gets bids.
 */
class ScenarioEndToEndTest {
  private static final Path GATEWAY_JAR = Path.of("../gateway/target/gateway.jar");

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }

  @Test
  @Timeout(120)
  void shouldSendNoIdentityAgainstTheTruthAndRecordEveryShare(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isRegularFile(GATEWAY_JAR), "no gateway jar at " + GATEWAY_JAR.toAbsolutePath());
    assumeTrue(onPath("redis-server"), "no redis-server on PATH");
    Path json = dir.resolve("report.json");
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();

    int exit = ScenarioMain.run(List.of("--gateway-jar", GATEWAY_JAR.toString(),
            "--redis-server", "../config/redis-sharelog.conf", "--jurisdictions", "../config/jurisdictions.yaml",
            // 100 first requests, not the default 1,000 (10 s at 100 req/s): the check is on the first one. The
            // 5 s warm-up stays: its payloads are most of what the truth checks count (at least 3 x 300 below).
            "--rate", "100", "--duration", "3s", "--warmup", "5s", "--first-requests", "100", "--devices", "300",
            // The gateway's own warm-up shortened (default 10 s): the first request's status is checked, not its time.
            "--gateway-warmup", "3s",
            "--json-out", json.toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    String log = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
    assertThat(Files.exists(json)).as(log).isTrue();
    JsonObject report = new JsonObject(Files.readString(json));
    assertThat(report.getJsonObject("checks").getJsonObject("violations").getLong("total")).as(log).isZero();
    assertThat(report.getJsonObject("share_records").getLong("missing")).as(log).isZero();
    assertThat(report.getJsonObject("share_records").getLong("field_mismatch")).as(log).isZero();
    assertThat(report.getJsonObject("checks").getLong("identity_bearing")).as("something was shared").isPositive();
    assertThat(report.getJsonObject("checks").getLong("payloads_checked")).isGreaterThanOrEqualTo(3 * 300);
    assertThat(report.getJsonObject("comparison").getJsonObject("gateway").getDouble("cpu_ms_per_1k")).isPositive();
    // The first ad request after the jar said ready gets a pod with bids (200), not a 204 of timeouts:
    // the warm-up ran the path and opened the partners' connections first. Its time is in the README.
    JsonObject first = report.getJsonArray("first_requests").getJsonObject(0);
    assertThat(first.getString("target")).isEqualTo("gateway");
    assertThat(first.getInteger("first_status")).as(log).isEqualTo(200);
    // The page a person reads, beside the JSON, its path printed.
    Path html = dir.resolve("report.html");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("HTML report: " + html.toAbsolutePath());
    assertThat(Files.readString(html)).contains("<span id=\"verdict-word\">PASSED</span>")
        .contains("<svg id=\"latency-plot\"").contains("data-check=\"share-record-for-every-identity\" data-outcome=\"met\"");
    assertThat(exit).as(log).isZero();
  }
}
