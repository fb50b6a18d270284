package dev.idgw.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.loadtest.StubServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, stdout table, stderr progress, JSON file. */
class LoadTestMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return LoadTestMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRunPrintAndWriteJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    try (var server = StubServer.start()) {
      int exit = run("--target", server.target().toString(), "--rate", "100", "--duration", "1200ms",
          "--warmup", "0s", "--label", "stub", "--timeout-ms", "3000", "--json-out", json.toString());

      assertThat(exit).isZero();
    }
    assertThat(stdout()).contains("label", "stub", "achieved rate", "latency p50");
    assertThat(stderr()).contains("sent=", "inflight=", "p99=");
    JsonObject report = new JsonObject(Files.readString(json));
    assertThat(report.getString("label")).isEqualTo("stub");
    assertThat(report.getDouble("target_rate")).isEqualTo(100.0);
    assertThat(report.getJsonObject("requests").getLong("scheduled")).isEqualTo(120);
    assertThat(report.getJsonObject("status").getLong("200")).isEqualTo(120);
    assertThat(report.getJsonObject("latency_ms").getLong("count")).isEqualTo(120);
  }

  @Test
  void shouldExitTwoWithUsageOnBadArguments() {
    assertThat(run("--target", "http://127.0.0.1:8080", "--rate", "fast", "--duration", "1s")).isEqualTo(2);
    assertThat(stderr()).contains("--rate", "usage:");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void shouldExitTwoForANonLoopbackTarget() {
    assertThat(run("--target", "http://203.0.113.7:8080", "--rate", "1", "--duration", "1s")).isEqualTo(2);
    assertThat(stderr()).contains("non-loopback");
  }

  @Test
  void shouldExitOneWhenTheTargetIsUnreachable() {
    var server = StubServer.start();
    String target = server.target().toString();
    server.close();

    assertThat(run("--target", target, "--rate", "50", "--duration", "300ms", "--warmup", "0s")).isEqualTo(1);
    assertThat(stdout()).contains("connect");
    assertThat(stderr()).contains("unreachable");
  }

  @Test
  void shouldPrintHelp() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("--target", "--json-out", "--allow-non-loopback");
  }
}
