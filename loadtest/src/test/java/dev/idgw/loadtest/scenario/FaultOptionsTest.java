package dev.idgw.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.loadtest.UsageException;
import dev.idgw.loadtest.fault.FaultPlan;
import dev.idgw.loadtest.fault.NamedFault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --fault}, {@code --fault-at}, {@code --fault-for}: parsing, defaults and what is refused. */
class FaultOptionsTest {

  private static ScenarioOptions parse(String... args) throws UsageException {
    return ScenarioOptions.parse(List.of(args));
  }

  @Test
  void shouldRunWithoutAFaultUnlessAskedTo() throws Exception {
    assertThat(parse().fault()).isEmpty();
  }

  @Test
  void shouldPutTheFaultInTheMiddleThirdByDefault() throws Exception {
    FaultPlan plan = parse("--duration", "30s", "--fault", "redis-killed").fault().orElseThrow();

    assertThat(plan.fault()).isEqualTo(NamedFault.REDIS_KILLED);
    assertThat(plan.at()).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.lasting()).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.measured()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plan.recoveryCheckFrom()).isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void shouldTakeTheWindowGivenAndEitherBoundAlone() throws Exception {
    FaultPlan both = parse("--duration", "20s", "--fault", "partner-hang", "--fault-at", "2s", "--fault-for=500ms")
        .fault().orElseThrow();
    assertThat(both.at()).isEqualTo(Duration.ofSeconds(2));
    assertThat(both.lasting()).isEqualTo(Duration.ofMillis(500));

    FaultPlan onlyAt = parse("--duration", "9s", "--fault", "burst-3x", "--fault-at", "1s").fault().orElseThrow();
    assertThat(onlyAt.at()).isEqualTo(Duration.ofSeconds(1));
    assertThat(onlyAt.lasting()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldKnowEveryNameOfTheGatewaysFaultTests() {
    assertThat(NamedFault.values()).extracting(NamedFault::cliName).containsExactly("partner-hang", "partner-reset",
        "partner-garbage", "partner-slow-p99", "redis-blackhole", "redis-reset", "redis-stranded", "redis-slow",
        "redis-paused", "redis-killed", "burst-3x");
  }

  @Test
  void shouldNameTheKnownFaultsWhenGivenAnUnknownOne() {
    assertThatThrownBy(() -> parse("--fault", "redis-on-fire")).isInstanceOf(UsageException.class)
        .hasMessageContaining("redis-on-fire").hasMessageContaining("partner-hang").hasMessageContaining("burst-3x");
    assertThatThrownBy(() -> parse("--fault", "PARTNER_HANG")).isInstanceOf(UsageException.class);
  }

  @Test
  void shouldRefuseAWindowWithoutAFault() {
    assertThatThrownBy(() -> parse("--fault-at", "1s")).isInstanceOf(UsageException.class)
        .hasMessageContaining("need --fault");
    assertThatThrownBy(() -> parse("--fault-for", "1s")).isInstanceOf(UsageException.class);
  }

  @Test
  void shouldRefuseAWindowThatLeavesNoTimeToRecover() {
    assertThatThrownBy(() -> parse("--duration", "10s", "--fault", "redis-slow", "--fault-at", "5s",
        "--fault-for", "5s")).isInstanceOf(UsageException.class).hasMessageContaining("recovery");
    assertThatThrownBy(() -> parse("--duration", "10s", "--fault", "redis-slow", "--fault-at", "4s",
        "--fault-for", "5500ms")).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> parse("--fault", "redis-slow", "--fault-for", "0s"))
        .isInstanceOf(UsageException.class).hasMessageContaining("--fault-for");
    assertThatThrownBy(() -> parse("--fault", "redis-slow", "--fault-at", "soon"))
        .isInstanceOf(UsageException.class).hasMessageContaining("--fault-at");
  }

  @Test
  void shouldRefuseProcessFaultsOnAnExternalRedisButProxyFaultsAreFine() throws Exception {
    for (String fault : List.of("redis-paused", "redis-killed")) {
      assertThatThrownBy(() -> parse("--redis", "redis://127.0.0.1:6379", "--fault", fault))
          .isInstanceOf(UsageException.class).hasMessageContaining(fault).hasMessageContaining("--redis-server");
    }
    assertThat(parse("--redis", "redis://127.0.0.1:6379", "--fault", "redis-blackhole").fault()).isPresent();
  }

  @Test
  void shouldMeasureTheGatewayAloneUnderAFault() {
    assertThatThrownBy(() -> parse("--fault", "partner-reset", "--baseline")).isInstanceOf(UsageException.class)
        .hasMessageContaining("--baseline");
    assertThatThrownBy(() -> parse("--fault", "partner-reset", "--find-max")).isInstanceOf(UsageException.class)
        .hasMessageContaining("--find-max");
  }

  @Test
  void shouldExitWithTheUsageCodeWhenAnExternalRedisIsToBeKilled() {
    var err = new ByteArrayOutputStream();
    int exit = ScenarioMain.run(List.of("--redis", "redis://127.0.0.1:6379", "--fault", "redis-killed"),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(ScenarioMain.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --fault redis-killed");
  }

  @Test
  void shouldListEveryFaultWithItsDescriptionInTheHelp() {
    var out = new ByteArrayOutputStream();
    int exit = ScenarioMain.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertThat(exit).isZero();
    String help = out.toString(StandardCharsets.UTF_8);
    var expected = new ArrayList<String>(List.of("--fault NAME", "--fault-at D", "--fault-for D"));
    for (NamedFault fault : NamedFault.values()) {
      expected.add(fault.cliName());
      expected.add(fault.description());
    }
    assertThat(help).contains(expected);
  }
}
