package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
  private static final List<String> REQUIRED =
      List.of("--target", "http://127.0.0.1:8080", "--rate", "500", "--duration", "30s");

  private static CommandLine parse(String... extra) throws Exception {
    var args = new ArrayList<>(REQUIRED);
    args.addAll(List.of(extra));
    return CommandLine.parse(args);
  }

  @ParameterizedTest
  @CsvSource({"30s, 30000", "500ms, 500", "2m, 120000", "1h, 3600000", "1.5s, 1500", "0s, 0", "10S, 10000"})
  void shouldParseDurationsWithUnits(String text, long millis) throws UsageException {
    assertThat(CommandLine.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "s", "-1s", "10x", "", "1.s", "5 minutes", "1e3ms"})
  void shouldRejectMalformedDurations(String text) {
    assertThatThrownBy(() -> CommandLine.parseDuration(text)).isInstanceOf(UsageException.class);
  }

  @Test
  void shouldFillDefaultsAroundTheRequiredArguments() throws Exception {
    LoadTestConfig config = parse().config();

    assertThat(config.target().toString()).isEqualTo("http://127.0.0.1:8080/openrtb2/adpod");
    assertThat(config.ratePerSecond()).isEqualTo(500);
    assertThat(config.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.warmup()).isEqualTo(LoadTestConfig.DEFAULT_WARMUP);
    assertThat(config.connections()).isEqualTo(64);
    assertThat(config.timeout()).isEqualTo(Duration.ofMillis(1000));
    assertThat(config.tmax()).isEqualTo(Duration.ofMillis(300));
    assertThat(config.maxInFlight()).isEqualTo(2000);
    assertThat(config.devices().size()).isEqualTo(1000);
    assertThat(parse().jsonOut()).isEmpty();
  }

  @Test
  void shouldAcceptEveryOptionInBothSpellings() throws Exception {
    CommandLine commandLine = parse("--warmup", "5s", "--connections=8", "--timeout-ms", "250", "--tmax-ms=120",
        "--max-inflight", "50", "--devices", "10", "--seed", "42", "--label", "gateway",
        "--header", "Authorization: Bearer x", "--json-out", "report.json");
    LoadTestConfig config = commandLine.config();

    assertThat(config.warmup()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.connections()).isEqualTo(8);
    assertThat(config.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.tmax()).isEqualTo(Duration.ofMillis(120));
    assertThat(config.maxInFlight()).isEqualTo(50);
    assertThat(config.devices().size()).isEqualTo(10);
    assertThat(config.seed()).isEqualTo(42);
    assertThat(config.label()).isEqualTo("gateway");
    assertThat(config.headers()).containsEntry("Authorization", "Bearer x");
    assertThat(commandLine.jsonOut()).contains(Path.of("report.json"));
  }

  @Test
  void shouldReadTheDevicePoolFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("devices.txt");
    Files.writeString(file, "# pool\n6f1c1e0e-2f4a-4b7e-9a55-0b8c2d1e3f40\n\n  a7d3f0c2-5b1e-4c9d-8e7f-112233445566  \n");

    DevicePool pool = parse("--devices-file", file.toString()).config().devices();

    assertThat(pool.ids()).containsExactly(
        "6f1c1e0e-2f4a-4b7e-9a55-0b8c2d1e3f40", "a7d3f0c2-5b1e-4c9d-8e7f-112233445566");
  }

  @Test
  void shouldFailWithIoErrorForAMissingDevicesFile(@TempDir Path dir) {
    assertThatThrownBy(() -> parse("--devices-file", dir.resolve("absent").toString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldRefuseNonLoopbackTargetsUnlessAllowed() throws Exception {
    List<String> remote = List.of("--target", "http://10.1.2.3:8080", "--rate", "5", "--duration", "1s");

    assertThatThrownBy(() -> CommandLine.parse(remote))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("non-loopback")
        .hasMessageContaining("10.1.2.3");
    var allowed = new ArrayList<>(remote);
    allowed.add("--allow-non-loopback");
    assertThat(CommandLine.parse(allowed).config().allowNonLoopback()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--rate 5 --duration 1s | required",
      "--target http://127.0.0.1:1 --rate 5 | required",
      "--target http://127.0.0.1:1 --rate 0 --duration 1s | --rate",
      "--target http://127.0.0.1:1 --rate 5 --duration 1s --bogus | unknown argument",
      "--target http://127.0.0.1:1 --rate 5 --duration 1s --rate 6 | more than once",
      "--target http://127.0.0.1:1 --rate 5 --duration 1s --connections 0 | --connections",
      "--target http://127.0.0.1:1 --rate 5 --duration 1s --devices 3 --devices-file x | not both",
      "--target http://127.0.0.1:1 --rate 5 --duration 1s --timeout-ms | needs a value",
      "--target http://127.0.0.1:1 --rate 5 --duration 1s --header NoColon | --header",
      "--target ftp://127.0.0.1:1 --rate 5 --duration 1s | http://",
      "--target http://127.0.0.1:1 --rate 5 --duration 0s | duration",
  })
  void shouldExplainBadArguments(String args, String message) {
    assertThatThrownBy(() -> CommandLine.parse(List.of(args.trim().split("\\s+"))))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }
}
