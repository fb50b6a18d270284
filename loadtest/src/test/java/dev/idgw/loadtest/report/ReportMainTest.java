package dev.idgw.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadtest.jar report REPORT.json}: the page for a JSON kept from an earlier run. */
class ReportMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ReportMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void shouldWriteThePageBesideTheJsonAndSayWhere(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    Files.writeString(json, ScenarioJson.passing().json().encodePrettily());

    assertThat(run(json.toString())).isEqualTo(ReportMain.EXIT_WRITTEN);

    Path html = dir.resolve("report.html");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HTML report: " + html.toAbsolutePath() + System.lineSeparator());
    assertThat(Files.readString(html)).contains("<span id=\"verdict-word\">PASSED</span>");
  }

  @Test
  void shouldWriteWhereToldAndRefuseWhatIsNotAScenario(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Files.writeString(json, ScenarioJson.passing().json().encode());
    Path html = dir.resolve("pages/run.html");

    assertThat(run(json.toString(), "--html-out", html.toString())).isEqualTo(ReportMain.EXIT_WRITTEN);
    assertThat(html).isNotEmptyFile();

    Files.writeString(json, "not json");
    assertThat(run(json.toString())).isEqualTo(ReportMain.EXIT_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot turn");
    assertThat(run()).isEqualTo(ReportMain.EXIT_USAGE);
    assertThat(run("a.json", "b.json")).isEqualTo(ReportMain.EXIT_USAGE);
  }
}
