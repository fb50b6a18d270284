package dev.idgw.loadtest.report;

import static dev.idgw.loadtest.report.ScenarioData.doubleValue;
import static dev.idgw.loadtest.report.ScenarioData.longValue;

import dev.idgw.loadtest.report.Check.Area;
import dev.idgw.loadtest.report.Check.Outcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The verdict of a scenario, spelt out: every check with its number, its target and met / not met, and which
 * of them decide the verdict. {@code passed} is the scenario's own (it also sets the exit status): no identity
 * violation, no missing or mismatched share record, and with a fault, applied, recovered and the deadline
 * kept. The latency and throughput targets are listed with it and never change it.
 */
public record Verdict(boolean passed, List<Check> checks) {
  public Verdict {
    checks = List.copyOf(checks);
  }

  /** Reads a scenario's JSON (as {@code --json-out} writes it). */
  public static Verdict of(JsonObject scenario) {
    var data = new ScenarioData(scenario);
    var checks = new ArrayList<Check>();
    truth(data, checks);
    shareRecords(data, checks);
    fault(data, checks);
    latency(data, checks);
    return new Verdict(data.object("verdict").getBoolean("passed", false), checks);
  }

  public List<Check> deciding() {
    return checks.stream().filter(Check::decidesVerdict).toList();
  }

  public List<Check> reported() {
    return checks.stream().filter(check -> !check.decidesVerdict()).toList();
  }

  public String word() {
    return passed ? "PASSED" : "FAILED";
  }

  /** What PASSED / FAILED is about, in one sentence: the areas of the deciding checks. */
  public String covers() {
    List<String> areas = deciding().stream().map(check -> check.area().words()).distinct().toList();
    return word() + " covers the " + join(areas) + " (" + deciding().size() + " checks, each must be met); "
        + "the soft check (expected identity delivered) and the latency and throughput targets are reported "
        + "beside it and do not change it or the exit status.";
  }

  /** "2 of 4 measured met, 1 not measured in this run" for the latency and throughput targets. */
  public String reportedSummary() {
    List<Check> reported = checks.stream().filter(check -> check.area() == Area.LATENCY).toList();
    long met = reported.stream().filter(check -> check.outcome() == Outcome.MET).count();
    long notMeasured = reported.stream().filter(check -> check.outcome() == Outcome.NOT_MEASURED).count();
    return met + " of " + (reported.size() - notMeasured) + " measured met"
        + (notMeasured > 0 ? ", " + notMeasured + " not measured in this run" : "");
  }

  public JsonArray checksJson() {
    return new JsonArray(checks.stream().map(Check::toJson).collect(Collectors.toList()));
  }

  private static void truth(ScenarioData data, List<Check> checks) {
    JsonObject judged = data.object("checks");
    long payloads = longValue(judged, "payloads_checked");
    long identity = longValue(judged, "identity_bearing");
    JsonObject violations = judged.getJsonObject("violations", new JsonObject());
    long total = longValue(violations, "total");
    String kinds = nonZero(violations.getJsonObject("by_kind", new JsonObject()));
    checks.add(new Check("no-identity-leak", Area.TRUTH,
        "No partner received an identity the seeded truth forbids it: no device ID, IP or email hash (any spelling) "
            + "where the decision strips it, no raw email, no marker copied through from the player's request, no "
            + "foreign ID",
        Figures.count(total) + " violation" + plural(total) + (kinds.isEmpty() ? "" : " (" + kinds + ")") + " in "
            + Figures.count(payloads) + " payloads judged, " + Figures.count(identity) + " of them with identity",
        "0 violations", Outcome.of(total == 0 && payloads > 0), true));
    JsonObject absent = judged.getJsonObject("identity_expected_but_absent", new JsonObject());
    long absentPayloads = longValue(absent, "payloads");
    String fields = nonZero(absent.getJsonObject("by_field", new JsonObject()));
    checks.add(new Check("expected-identity-delivered", Area.TRUTH,
        "Every identity field the truth allows a partner reached it (a field stripped that was allowed is a "
            + "fail-closed miss, not a leak: soft, see below)",
        Figures.count(absentPayloads) + " payload" + plural(absentPayloads) + " lacked an allowed field"
            + (fields.isEmpty() ? "" : " (" + fields + ")"),
        "0 (soft)", Outcome.of(absentPayloads == 0), false));
  }

  private static void shareRecords(ScenarioData data, List<Check> checks) {
    JsonObject shares = data.object("share_records");
    long expected = longValue(shares, "identity_bearing_payloads");
    long missing = longValue(shares, "missing");
    long mismatch = longValue(shares, "field_mismatch");
    long pulled = longValue(shares, "records_pulled");
    checks.add(new Check("share-record-for-every-identity", Area.SHARE_RECORDS,
        "No identity without a share record: every identity-bearing payload has a record in the share log "
            + "(read back through GET /compliance/v1/shares) with its request id and partner",
        Figures.count(missing) + " missing of " + Figures.count(expected) + " identity-bearing payloads ("
            + Figures.count(pulled) + " records pulled)",
        "0 missing", Outcome.of(missing == 0 && data.json().containsKey("share_records")), true));
    checks.add(new Check("share-record-fields-match", Area.SHARE_RECORDS,
        "Each of those records names exactly the identity fields the payload carried",
        Figures.count(mismatch) + " record" + plural(mismatch) + " with other fields",
        "0", Outcome.of(mismatch == 0 && data.json().containsKey("share_records")), true));
  }

  private static void fault(ScenarioData data, List<Check> checks) {
    JsonObject verdict = data.object("verdict");
    if (!verdict.containsKey("fault_applied")) {
      return;
    }
    JsonObject fault = data.object("fault");
    String name = fault.getString("name", "the fault");
    JsonObject limits = fault.getJsonObject("limits", new JsonObject());
    JsonObject recovery = fault.getJsonObject("recovery_check", new JsonObject());
    JsonObject recoveryLatency = recovery.getJsonObject("latency_ms", new JsonObject());
    checks.add(new Check("fault-applied", Area.FAULT,
        "The fault " + name + " was injected during the gateway's measured phase",
        verdict.getBoolean("fault_applied", false) ? "applied" : "not applied", "applied",
        Outcome.of(verdict.getBoolean("fault_applied", false)), true));
    checks.add(new Check("fault-recovered", Area.FAULT,
        "After the fault was lifted the gateway recovered: in the second half of the after window, failures and "
            + "p99 within the limits",
        recovery.isEmpty() ? "no recovery window measured"
            : "failures " + Figures.decimal(doubleValue(recovery, "failure_pct"), 3) + " %, p99 "
                + Figures.millis(doubleValue(recoveryLatency, "p99")),
        "failures ≤ " + Figures.decimal(doubleValue(limits, "max_failure_pct"), 3) + " %, p99 ≤ "
            + Figures.millis(doubleValue(limits, "max_p99_ms")),
        Outcome.of(verdict.getBoolean("fault_recovered", false)), true));
    checks.add(new Check("fault-deadline", Area.FAULT,
        "Every answer came within the deadline (tmax + 50 ms) of its send, during the fault too",
        Figures.count(longValue(fault, "over_deadline")) + " over the deadline; slowest "
            + Figures.millis(doubleValue(fault, "max_from_send_ms")) + " from its send",
        "0 over " + Figures.millis(doubleValue(limits, "deadline_ms")),
        Outcome.of(verdict.getBoolean("fault_deadline_respected", false)), true));
  }

  private static void latency(ScenarioData data, List<Check> checks) {
    LatencyTargets targets = data.targets();
    Optional<JsonObject> comparison = data.comparison();
    JsonObject gateway = comparison.map(c -> c.getJsonObject(ScenarioData.GATEWAY)).orElse(null);
    JsonObject baseline = comparison.map(c -> c.getJsonObject(ScenarioData.BASELINE)).orElse(null);
    String where = comparison.map(c -> String.format(Locale.ROOT, " at %s req/s offered (%s phase)",
        Figures.count(Math.round(doubleValue(c, "rate"))), c.getString("phase"))).orElse("");

    String addedClaim = "The gateway adds little to the tail: its p99 minus the baseline's p99" + where;
    String addedTarget = "≤ " + Figures.millis(targets.p99AddedMillis());
    if (gateway == null || baseline == null) {
      checks.add(new Check("p99-added", Area.LATENCY, addedClaim,
          gateway == null ? "no measured phase" : "no baseline in this run (--baseline measures one)", addedTarget,
          Outcome.NOT_MEASURED, false));
    } else if (unanswered(data, ScenarioData.BASELINE) || unanswered(data, ScenarioData.GATEWAY)) {
      // A target that answered nothing has no latency: its p99 reads 0, and "added" would be the other's whole p99.
      String silent = unanswered(data, ScenarioData.BASELINE) ? ScenarioData.BASELINE : ScenarioData.GATEWAY;
      JsonObject summary = silent.equals(ScenarioData.BASELINE) ? baseline : gateway;
      checks.add(new Check("p99-added", Area.LATENCY, addedClaim,
          "no comparison: the " + silent + " answered none of its " + Figures.count(longValue(summary, "requests"))
              + " requests", addedTarget, Outcome.NOT_MEASURED, false));
    } else {
      double added = doubleValue(comparison.get(), "p99_added_ms");
      checks.add(new Check("p99-added", Area.LATENCY, addedClaim,
          Figures.millis(added) + " (gateway " + Figures.millis(doubleValue(gateway, "p99_ms")) + ", baseline "
              + Figures.millis(doubleValue(baseline, "p99_ms")) + ")",
          addedTarget, Outcome.of(added <= targets.p99AddedMillis()), false));
    }

    String p99Target = "≤ " + Figures.millis(targets.maxP99Millis());
    String failureTarget = "≤ " + Figures.decimal(targets.maxFailurePercent(), 3) + " %";
    if (gateway == null) {
      checks.add(new Check("gateway-p99", Area.LATENCY, "The gateway's p99", "no measured phase", p99Target,
          Outcome.NOT_MEASURED, false));
      checks.add(new Check("gateway-failures", Area.LATENCY, "Requests the gateway left without a usable answer",
          "no measured phase", failureTarget, Outcome.NOT_MEASURED, false));
    } else {
      double p99 = doubleValue(gateway, "p99_ms");
      boolean answered = !unanswered(data, ScenarioData.GATEWAY);
      checks.add(new Check("gateway-p99", Area.LATENCY, "The gateway's p99" + where
          + ", latency from each request's intended send time",
          answered ? Figures.millis(p99) : "no latency: the gateway answered none of its requests", p99Target,
          answered ? Outcome.of(p99 <= targets.maxP99Millis()) : Outcome.NOT_MEASURED, false));
      long failures = longValue(gateway, "failures");
      long requests = longValue(gateway, "requests");
      double percent = requests == 0 ? 0 : 100.0 * failures / requests;
      checks.add(new Check("gateway-failures", Area.LATENCY, "Requests the gateway left without a usable answer"
          + where + " (timeouts, transport errors, any status but 200 or 204)",
          Figures.percentOf(failures, requests) + " (" + Figures.count(failures) + " of " + Figures.count(requests)
              + ")", failureTarget, Outcome.of(requests > 0 && percent <= targets.maxFailurePercent()), false));
    }

    JsonObject findMax = data.json().getJsonObject("find_max");
    String ratioClaim = "The gateway sustains a large share of the bare baseline proxy's maximum rate "
        + "(p99 and failures within the step limits)";
    String ratioTarget = "≥ " + Figures.decimal(targets.throughputRatio(), 2);
    if (findMax == null || findMax.getValue("ratio_gateway_to_baseline") == null) {
      checks.add(new Check("throughput-ratio", Area.LATENCY, ratioClaim,
          "not measured (needs --find-max with --baseline)", ratioTarget, Outcome.NOT_MEASURED, false));
    } else {
      double ratio = doubleValue(findMax, "ratio_gateway_to_baseline");
      JsonObject max = findMax.getJsonObject("max_sustainable_rate", new JsonObject());
      checks.add(new Check("throughput-ratio", Area.LATENCY, ratioClaim,
          Figures.decimal(ratio, 2) + " (gateway " + Figures.count(longValue(max, ScenarioData.GATEWAY))
              + " req/s, baseline " + Figures.count(longValue(max, ScenarioData.BASELINE)) + " req/s)",
          ratioTarget, Outcome.of(ratio >= targets.throughputRatio()), false));
    }

    String firstClaim = "The gateway's first ad request after it reported ready is served fast (service time)";
    String firstTarget = "≤ " + Figures.millis(targets.firstRequestMillis()) + ", status 200";
    Optional<JsonObject> first = data.firstRequests(ScenarioData.GATEWAY);
    if (first.isEmpty()) {
      checks.add(new Check("first-request", Area.LATENCY, firstClaim,
          "not measured (--first-requests 0)", firstTarget, Outcome.NOT_MEASURED, false));
    } else {
      double millis = doubleValue(first.get(), "first_ms");
      long status = longValue(first.get(), "first_status");
      checks.add(new Check("first-request", Area.LATENCY, firstClaim,
          Figures.millis(millis) + " (status " + status + ")", firstTarget,
          Outcome.of(millis <= targets.firstRequestMillis() && status == 200), false));
    }
  }

  /** True when the target's compared run recorded no answer at all (so it has no latency to speak of). */
  private static boolean unanswered(ScenarioData data, String target) {
    return data.comparedRun(target)
        .map(run -> run.getJsonObject("load", new JsonObject()).getJsonObject("latency_ms", new JsonObject()))
        .map(latency -> latency.containsKey("count") && longValue(latency, "count") == 0)
        .orElse(false);
  }

  /** "device_id 2, ip 3" for the members of {@code counts} that are not zero, in words. */
  static String nonZero(JsonObject counts) {
    var parts = new ArrayList<String>();
    counts.forEach(entry -> {
      if (entry.getValue() instanceof Number number && number.longValue() != 0) {
        parts.add(words(entry.getKey()) + " " + Figures.count(number.longValue()));
      }
    });
    return String.join(", ", parts);
  }

  /** The JSON's field and kind names as a person says them. */
  static String words(String key) {
    return switch (key) {
      case "device_id" -> "device ID";
      case "ip" -> "IP";
      case "hashed_email" -> "email hash";
      default -> key.replace('_', ' ');
    };
  }

  private static String plural(long count) {
    return count == 1 ? "" : "s";
  }

  private static String join(List<String> parts) {
    if (parts.size() <= 1) {
      return String.join("", parts);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }
}
