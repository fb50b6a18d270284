package dev.idgw.loadtest.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.loadtest.ErrorKind;
import dev.idgw.loadtest.RequestOutcome;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Splitting one run into before, during and after the fault, and the verdict drawn from the split. */
class FaultWindowsTest {
  /** 30 s measured, the fault from 10 s to 20 s, recovery judged from 25 s. */
  private static final FaultPlan PLAN = new FaultPlan(NamedFault.REDIS_KILLED, Duration.ofSeconds(10),
      Duration.ofSeconds(10), Duration.ofSeconds(30));
  private static final Duration DEADLINE = Duration.ofMillis(350);

  private final MeasuredClock clock = new MeasuredClock();
  private final FaultWindows windows = new FaultWindows(PLAN, clock, DEADLINE);

  private static long seconds(double s) {
    return (long) (s * 1e9);
  }

  private static long millis(double ms) {
    return (long) (ms * 1e6);
  }

  private static RequestOutcome ok(double latencyMs) {
    return new RequestOutcome.Answered(200, millis(latencyMs), millis(latencyMs));
  }

  @Test
  void shouldPlaceOffsetsInTheirWindowsWithHalfOpenBounds() {
    assertThat(PLAN.windowOf(0)).isEqualTo(FaultWindow.BEFORE);
    assertThat(PLAN.windowOf(seconds(10) - 1)).isEqualTo(FaultWindow.BEFORE);
    assertThat(PLAN.windowOf(seconds(10))).isEqualTo(FaultWindow.DURING);
    assertThat(PLAN.windowOf(seconds(20) - 1)).isEqualTo(FaultWindow.DURING);
    assertThat(PLAN.windowOf(seconds(20))).isEqualTo(FaultWindow.AFTER);
    assertThat(PLAN.windowOf(seconds(31))).as("stragglers past the end").isEqualTo(FaultWindow.AFTER);
    assertThat(PLAN.inRecoveryCheck(seconds(25) - 1)).isFalse();
    assertThat(PLAN.inRecoveryCheck(seconds(25))).isTrue();
    assertThat(PLAN.fromMillis(FaultWindow.DURING)).isEqualTo(10_000);
    assertThat(PLAN.toMillis(FaultWindow.AFTER)).isEqualTo(30_000);
  }

  @Test
  void shouldCountRequestsLatencyAndFailuresPerWindow() {
    for (int i = 0; i < 100; i++) {
      windows.onOutcome(seconds(i / 10.0), ok(5));                  // before: 100 in 10 s
    }
    for (int i = 0; i < 100; i++) {
      windows.onOutcome(seconds(10 + i / 10.0), i < 10 ? new RequestOutcome.Answered(503, millis(2), millis(2))
          : i < 15 ? new RequestOutcome.Failed(ErrorKind.TIMEOUT, millis(1000))
          : i < 17 ? new RequestOutcome.Failed(ErrorKind.DROPPED_BY_GENERATOR, 0)
          : ok(80));
    }
    for (int i = 0; i < 100; i++) {
      windows.onOutcome(seconds(20 + i / 10.0), ok(i < 50 ? 120 : 6)); // slow first half of after, fine second
    }

    Map<FaultWindow, WindowStats> stats = windows.windows();
    WindowStats before = stats.get(FaultWindow.BEFORE);
    WindowStats during = stats.get(FaultWindow.DURING);
    WindowStats after = stats.get(FaultWindow.AFTER);

    assertThat(before.requests()).isEqualTo(100);
    assertThat(before.achievedRate()).isEqualTo(10.0);
    assertThat(before.p99Millis()).isCloseTo(5, org.assertj.core.data.Offset.offset(0.01));
    assertThat(before.failures()).isZero();
    assertThat(during.requests()).isEqualTo(100);
    assertThat(during.sent()).as("dropped ones were never sent").isEqualTo(98);
    assertThat(during.failures()).isEqualTo(17);
    assertThat(during.failuresByKind()).containsExactly(Map.entry("dropped_by_generator", 2L),
        Map.entry("http_503", 10L), Map.entry("timeout", 5L));
    assertThat(during.overDeadline()).as("the timeouts took 1000 ms from send").isEqualTo(5);
    assertThat(during.maxServiceMillis()).isEqualTo(1000);
    assertThat(after.p99Millis()).isCloseTo(120, org.assertj.core.data.Offset.offset(0.1));

    WindowStats check = windows.recoveryCheck();
    assertThat(check.requests()).isEqualTo(50);
    assertThat(check.p99Millis()).as("only the second half of the after window").isCloseTo(6,
        org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void shouldJudgeTheDeadlineFromTheSendNotFromTheIntendedTime() {
    // 500 ms late because the generator stalled, but the gateway answered in 20 ms.
    windows.onOutcome(seconds(1), new RequestOutcome.Answered(200, millis(520), millis(20)));
    windows.onOutcome(seconds(2), new RequestOutcome.Answered(204, millis(351), millis(351)));

    WindowStats before = windows.windows().get(FaultWindow.BEFORE);
    assertThat(before.overDeadline()).isEqualTo(1);
    assertThat(before.maxServiceMillis()).isEqualTo(351);
    assertThat(before.maxLagMillis()).isEqualTo(500);
    assertThat(before.maxMillis()).isCloseTo(520, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void shouldCountPayloadsInTheWindowTheyArrivedInAndNoneBeforeTheStart() {
    windows.onPayload(true, System.nanoTime()); // the warm-up's: no clock yet
    long start = System.nanoTime() - TimeUnit.SECONDS.toNanos(12);
    clock.start(start); // "now" is 12 s in: during
    windows.onPayload(true, System.nanoTime());
    windows.onPayload(false, System.nanoTime());
    windows.onPayload(false, System.nanoTime());
    windows.onPayload(false, System.nanoTime());
    windows.onPayload(true, start - 1); // judged now, arrived before the start (a warm-up straggler)
    windows.onPayload(true, start + TimeUnit.SECONDS.toNanos(2)); // judged now, arrived 2 s in: before

    Map<FaultWindow, WindowStats> stats = windows.windows();
    assertThat(stats.get(FaultWindow.BEFORE).payloads()).as("by arrival, not by judging time").isEqualTo(1);
    assertThat(stats.get(FaultWindow.DURING).payloads()).isEqualTo(4);
    assertThat(stats.get(FaultWindow.DURING).identityBearing()).isEqualTo(1);
    assertThat(stats.get(FaultWindow.DURING).identityPercent()).isEqualTo(25.0);
    assertThat(stats.get(FaultWindow.AFTER).identityPercent()).isNaN();
  }

  @Test
  void shouldTakeTheMeasuredStartFromTheGenerator() {
    windows.onMeasuredStart(123_456_789L);
    assertThat(clock.started()).isTrue();
    assertThat(clock.startNanos()).isEqualTo(123_456_789L);
    clock.start(1);
    assertThat(clock.startNanos()).as("the first start wins").isEqualTo(123_456_789L);
  }

  @Test
  void shouldCallItRecoveredOnlyWhenTheSecondHalfOfTheAfterWindowIsWithinBothLimits() {
    assertThat(report(check(0, 40), 0).recovered()).isTrue();
    assertThat(report(check(0, 60), 0).recovered()).as("p99 over 50 ms").isFalse();
    assertThat(report(check(1, 10), 0).recovered()).as("1 failure in 500 = 0.2 %").isFalse();
    assertThat(report(check(0, 50), 0).recovered()).as("limits are inclusive").isTrue();
    var nothingSent = new WindowStats("recovery_check", 25_000, 30_000, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0);
    assertThat(report(nothingSent, 0).recovered()).as("no evidence is no recovery").isFalse();
  }

  @Test
  void shouldFailTheVerdictOnAMissedDeadlineAnywhereOrAFaultNeverApplied() {
    assertThat(report(check(0, 10), 0).passed()).isTrue();
    FaultReport late = report(check(0, 10), 3);
    assertThat(late.deadlineRespected()).isFalse();
    assertThat(late.overDeadline()).isEqualTo(3);
    assertThat(late.passed()).isFalse();

    var neverApplied = new FaultReport(PLAN, new FaultTimes(OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), List.of("applying failed: boom")), Instant.EPOCH, windowsWith(0), check(0, 10), 50, 0.1,
        DEADLINE, new JsonObject());
    assertThat(neverApplied.applied()).isFalse();
    assertThat(neverApplied.passed()).isFalse();
  }

  @Test
  void shouldReportEveryWindowInJsonAndInTheTable() {
    FaultReport report = report(check(0, 12.5), 2);
    JsonObject json = report.toJson();

    assertThat(json.getString("name")).isEqualTo("redis-killed");
    assertThat(json.getString("description")).isEqualTo(NamedFault.REDIS_KILLED.description());
    assertThat(json.getJsonObject("plan_ms").getLong("fault_at")).isEqualTo(10_000);
    assertThat(json.getLong("applied_at_ms")).isEqualTo(10_003);
    assertThat(json.getJsonObject("windows").fieldNames()).containsExactlyInAnyOrder("before", "during", "after");
    assertThat(json.getJsonObject("windows").getJsonObject("during").getJsonObject("latency_ms").getDouble("p99"))
        .isEqualTo(12.5);
    assertThat(json.getBoolean("recovered")).isTrue();
    assertThat(json.getBoolean("deadline_respected")).isFalse();
    assertThat(json.getLong("over_deadline")).isEqualTo(2);
    assertThat(json.getJsonObject("limits").getLong("deadline_ms")).isEqualTo(350);

    String table = FaultReport.table(json);
    assertThat(table).contains("-- fault redis-killed", "before", "during", "after", "after, 2nd half",
        "recovered                yes", "deadline respected       NO (2 answers over 350 ms");
  }

  @Test
  void shouldAddTheSlackToTmaxForTheDeadline() {
    assertThat(FaultReport.deadlineFor(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(350));
  }

  private static WindowStats check(long failures, double p99) {
    return new WindowStats("recovery_check", 25_000, 30_000, 500, 500, 100, 5, p99, p99, failures, Map.of(), 10, 5, 0,
        p99, 0);
  }

  private static Map<FaultWindow, WindowStats> windowsWith(long overDeadlineDuring) {
    return Map.of(
        FaultWindow.BEFORE, new WindowStats("before", 0, 10_000, 1000, 1000, 100, 5, 9, 11, 0, Map.of(), 30, 10, 0,
            11, 0),
        FaultWindow.DURING, new WindowStats("during", 10_000, 20_000, 1000, 1000, 100, 6, 12.5, 400, 0, Map.of(), 30,
            0, overDeadlineDuring, 400, 0),
        FaultWindow.AFTER, new WindowStats("after", 20_000, 30_000, 1000, 1000, 100, 5, 9, 11, 0, Map.of(), 30, 10, 0,
            11, 0));
  }

  private static FaultReport report(WindowStats recoveryCheck, long overDeadlineDuring) {
    return new FaultReport(PLAN, new FaultTimes(OptionalLong.of(10_003), OptionalLong.of(20_001),
        OptionalLong.of(20_150), List.of()), Instant.EPOCH, windowsWith(overDeadlineDuring), recoveryCheck, 50, 0.1,
        DEADLINE, new JsonObject());
  }
}
