package dev.idgw.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.loadtest.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScenarioOptionsTest {
  @Test
  void shouldDefaultToAPrivateDurableRedisAndTheIssuesNumbers() throws Exception {
    ScenarioOptions options = ScenarioOptions.parse(List.of());

    assertThat(options.redisServerConf()).isEqualTo(Path.of("config/redis-sharelog.conf"));
    assertThat(options.redisUri()).isNull();
    assertThat(options.rate()).isEqualTo(500);
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.partners()).isEqualTo(3);
    assertThat(options.partnerLatency()).isEqualTo(Duration.ofMillis(5));
    assertThat(options.devices()).isEqualTo(2000);
    assertThat(options.baseline()).isFalse();
    assertThat(options.maxP99Millis()).isEqualTo(50);
    assertThat(options.maxErrorPercent()).isEqualTo(0.1);
    assertThat(options.inconclusiveLagMillis()).isEqualTo(25);
    assertThat(options.firstRequests()).isEqualTo(1000);
    assertThat(options.gatewayWarmup()).as("the gateway's own default").isNull();
  }

  @Test
  void shouldParseTheDocumentedCommand() throws Exception {
    ScenarioOptions options = ScenarioOptions.parse(List.of("--gateway-jar", "g.jar", "--redis",
        "redis://127.0.0.1:6379", "--rate", "250", "--duration=3s", "--warmup", "5s", "--partners", "4",
        "--partner-latency-ms", "2", "--partner-p99-ms", "40", "--partner-failure-pct", "1.5", "--devices", "10",
        "--baseline", "--find-max", "--jvm-opt", "-Xmx512m", "--jvm-opt", "-XX:+UseParallelGC", "--json-out", "r.json",
        "--inconclusive-lag-ms", "40", "--gateway-warmup", "3s"));

    assertThat(options.redisUri()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(options.redisServerConf()).isNull();
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.partnerTailLatency()).isEqualTo(Duration.ofMillis(40));
    assertThat(options.partnerFailurePercent()).isEqualTo(1.5);
    assertThat(options.baseline()).isTrue();
    assertThat(options.findMax()).isTrue();
    assertThat(options.jvmOptions()).containsExactly("-Xmx512m", "-XX:+UseParallelGC");
    assertThat(options.jsonOut()).contains(Path.of("r.json"));
    assertThat(options.inconclusiveLagMillis()).isEqualTo(40);
    assertThat(options.gatewayWarmup()).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.htmlReport()).as("beside the JSON").contains(Path.of("r.html"));
  }

  @Test
  void shouldWriteTheHtmlReportWhereToldOrNowhereWithoutAnyOutput() throws Exception {
    assertThat(ScenarioOptions.parse(List.of("--json-out", "a/r.json", "--html-out", "b/page.html")).htmlReport())
        .contains(Path.of("b/page.html"));
    assertThat(ScenarioOptions.parse(List.of("--html-out", "page.html")).htmlReport()).contains(Path.of("page.html"));
    assertThat(ScenarioOptions.parse(List.of()).htmlReport()).isEmpty();
  }

  @Test
  void shouldRefuseWhatItCannotRun() {
    assertThatThrownBy(() -> ScenarioOptions.parse(List.of("--redis", "redis://x:1", "--redis-server", "c.conf")))
        .isInstanceOf(UsageException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> ScenarioOptions.parse(List.of("--rate", "-3"))).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> ScenarioOptions.parse(List.of("--colour", "red"))).isInstanceOf(UsageException.class)
        .hasMessageContaining("--colour");
    assertThatThrownBy(() -> ScenarioOptions.parse(List.of("--gateway-jar", "/nowhere.jar")).requireFiles())
        .isInstanceOf(UsageException.class).hasMessageContaining("mvn");
  }

  @Test
  void shouldReadCpuTimeFromProcStat() {
    // utime 250 ticks + stime 50 ticks = 3 s; the command name holds spaces and a parenthesis.
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 12345";
    assertThat(ProcessCpu.parse(stat)).isEqualTo(OptionalLong.of(3_000_000_000L));
    assertThat(ProcessCpu.selfCpuNanos()).isPresent();
  }
}
