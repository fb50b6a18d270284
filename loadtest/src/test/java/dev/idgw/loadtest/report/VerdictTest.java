package dev.idgw.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.loadtest.report.Check.Outcome;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What PASSED covers, and every check with its number: the "PASSED next to p99 added 411 ms". */
class VerdictTest {
  private static Map<String, Check> byId(Verdict verdict) {
    return verdict.checks().stream().collect(Collectors.toMap(Check::id, check -> check));
  }

  @Test
  void shouldSayWhatPassedCoversAndShowTheLatencyTargetItDoesNotCover() {
    Verdict verdict = Verdict.of(ScenarioJson.passing().p99Added(435.0, 24.0).json());

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.covers()).startsWith("PASSED covers the truth checks and share-record coverage (3 checks")
        .contains("do not change it or the exit status");
    Check added = byId(verdict).get("p99-added");
    assertThat(added.outcome()).isEqualTo(Outcome.NOT_MET);
    assertThat(added.decidesVerdict()).isFalse();
    assertThat(added.measured()).isEqualTo("411.00 ms (gateway 435.00 ms, baseline 24.00 ms)");
    assertThat(added.target()).isEqualTo("≤ 2.00 ms");
  }

  @Test
  void shouldMarkEveryDecidingCheckMetOnAPassingRun() {
    Verdict verdict = Verdict.of(ScenarioJson.passing().json());

    assertThat(verdict.deciding()).extracting(Check::id).containsExactly("no-identity-leak",
        "share-record-for-every-identity", "share-record-fields-match");
    assertThat(verdict.deciding()).allSatisfy(check -> assertThat(check.outcome()).isEqualTo(Outcome.MET));
    assertThat(byId(verdict).get("no-identity-leak").measured())
        .isEqualTo("0 violations in 3,612 payloads judged, 1,664 of them with identity");
    assertThat(byId(verdict).get("share-record-for-every-identity").measured())
        .isEqualTo("0 missing of 1,664 identity-bearing payloads (654 records pulled)");
  }

  @Test
  void shouldFailTheLeakCheckWithItsKindsAndTheRecordCheckWithItsCount() {
    Verdict verdict = Verdict.of(ScenarioJson.passing().violations("raw_email", 7).missingShareRecords(2).json());

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.word()).isEqualTo("FAILED");
    Check leak = byId(verdict).get("no-identity-leak");
    assertThat(leak.outcome()).isEqualTo(Outcome.NOT_MET);
    assertThat(leak.measured()).startsWith("7 violations (raw email 7) in 3,612 payloads");
    assertThat(byId(verdict).get("share-record-for-every-identity").outcome()).isEqualTo(Outcome.NOT_MET);
    assertThat(byId(verdict).get("share-record-fields-match").outcome()).isEqualTo(Outcome.MET);
  }

  @Test
  void shouldShowTheSoftMissAsNotMetWithoutFailingTheVerdict() {
    Check absent = byId(Verdict.of(ScenarioJson.passing().json())).get("expected-identity-delivered");

    assertThat(absent.outcome()).isEqualTo(Outcome.NOT_MET);
    assertThat(absent.decidesVerdict()).isFalse();
    assertThat(absent.measured()).isEqualTo("3 payloads lacked an allowed field (device ID 2, IP 3)");
  }

  @Test
  void shouldSayNotMeasuredForWhatTheRunDidNotMeasure() {
    Verdict verdict = Verdict.of(ScenarioJson.passing().withoutBaseline().set("first_requests",
        new io.vertx.core.json.JsonArray()).json());

    assertThat(byId(verdict).get("p99-added").outcome()).isEqualTo(Outcome.NOT_MEASURED);
    assertThat(byId(verdict).get("p99-added").measured()).contains("--baseline");
    assertThat(byId(verdict).get("throughput-ratio").outcome()).isEqualTo(Outcome.NOT_MEASURED);
    assertThat(byId(verdict).get("first-request").outcome()).isEqualTo(Outcome.NOT_MEASURED);
    assertThat(byId(verdict).get("gateway-p99").outcome()).isEqualTo(Outcome.NOT_MET);
    assertThat(verdict.reportedSummary()).isEqualTo("1 of 2 measured met, 3 not measured in this run");
  }

  @Test
  void shouldNotCompareWithABaselineThatAnsweredNothing() {
    Check added = byId(Verdict.of(ScenarioJson.passing().baselineAnsweredNothing().json())).get("p99-added");

    assertThat(added.outcome()).isEqualTo(Outcome.NOT_MEASURED);
    assertThat(added.measured()).isEqualTo("no comparison: the baseline answered none of its 500 requests");
  }

  @Test
  void shouldHoldTheRatioAndTheFirstRequestToTheirTargets() {
    Verdict verdict = Verdict.of(ScenarioJson.passing().findMax(2815, 4923)
        .set("setup.targets", new LatencyTargets(2, 50, 0.1, 0.5, 50).toJson()).json());

    Check ratio = byId(verdict).get("throughput-ratio");
    assertThat(ratio.outcome()).isEqualTo(Outcome.MET);
    assertThat(ratio.measured()).isEqualTo("0.57 (gateway 2,815 req/s, baseline 4,923 req/s)");
    assertThat(ratio.target()).isEqualTo("≥ 0.50");
    assertThat(byId(verdict).get("first-request").outcome()).isEqualTo(Outcome.MET);
    assertThat(byId(verdict).get("first-request").measured()).isEqualTo("44.23 ms (status 200)");
  }

  @Test
  void shouldAddTheFaultChecksToWhatThePassCovers() {
    Verdict verdict = Verdict.of(ScenarioJson.passing().set("verdict.fault_applied", true)
        .set("verdict.fault_recovered", false).set("verdict.fault_deadline_respected", true)
        .set("verdict.passed", false).json());

    assertThat(verdict.covers()).contains("truth checks, share-record coverage and fault recovery (6 checks");
    assertThat(byId(verdict).get("fault-recovered").outcome()).isEqualTo(Outcome.NOT_MET);
    assertThat(byId(verdict).get("fault-applied").outcome()).isEqualTo(Outcome.MET);
  }
}
