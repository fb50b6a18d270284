package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.ErrorKind;
import dev.idgw.loadtest.LoadReport;
import dev.idgw.loadtest.fault.FaultReport;
import dev.idgw.loadtest.report.Check;
import dev.idgw.loadtest.report.LatencyTargets;
import dev.idgw.loadtest.report.Verdict;
import dev.idgw.loadtest.stub.CheckLedger;
import dev.idgw.loadtest.stub.PartnerProfile;
import dev.idgw.loadtest.truth.DeviceTruth;
import dev.idgw.loadtest.truth.Field;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a scenario found: the runs, side-by-side comparisons, find-max results, the payload checks and
 * the share-record coverage, as JSON and as a table for a terminal. {@link #passed} is the verdict:
 * no violation, no missing or mismatched share record, and with a fault: it was applied, the gateway
 * recovered and the deadline held (see {@link FaultReport}).
 */
public final class ScenarioResult {
  private final JsonObject json;
  private final String table;
  private final boolean passed;

  private ScenarioResult(JsonObject json, String table, boolean passed) {
    this.json = json;
    this.table = table;
    this.passed = passed;
  }

  public JsonObject toJson() {
    return json;
  }

  public String toTable() {
    return table;
  }

  public boolean passed() {
    return passed;
  }

  public long violations() {
    return json.getJsonObject("checks").getJsonObject("violations").getLong("total");
  }

  public long missingShareRecords() {
    return json.getJsonObject("share_records").getLong("missing");
  }

  public long identityBearingPayloads() {
    return json.getJsonObject("checks").getLong("identity_bearing");
  }

  static final class Builder {
    private final ScenarioOptions options;
    private final String runId;
    private final Instant started = Instant.now();
    private String loadAverageAtStart = "unknown";
    private String loadAverageBeforeLoad = "unknown";
    private String loadAverageAfterLoad = "unknown";
    private List<DeviceTruth> devices = List.of();
    private List<PartnerProfile> partners = List.of();
    private String redis = "";
    private long seeded;
    private List<TargetRun> runs = List.of();
    private Map<String, Double> maxima;
    private List<String> stillClimbing = List.of();
    private ShareCoverage.Result coverage;
    private CheckLedger ledger;
    private FaultReport fault;
    private List<FirstRequests.Summary> firstRequests = List.of();

    Builder(ScenarioOptions options, String runId) {
      this.options = options;
      this.runId = runId;
    }

    void loadAverageAtStart(String value) { loadAverageAtStart = value; }
    void loadAverageBeforeLoad(String value) { loadAverageBeforeLoad = value; }
    void loadAverageAfterLoad(String value) { loadAverageAfterLoad = value; }
    void devices(List<DeviceTruth> value) { devices = value; }
    void partners(List<PartnerProfile> value) { partners = value; }
    void redis(String value) { redis = value; }
    void seeded(long value) { seeded = value; }
    void runs(List<TargetRun> value) { runs = List.copyOf(value); }
    void coverage(ShareCoverage.Result value) { coverage = value; }
    void checks(CheckLedger value) { ledger = value; }
    void fault(FaultReport value) { fault = value; }
    void firstRequests(List<FirstRequests.Summary> value) { firstRequests = List.copyOf(value); }

    void maxima(Map<String, Double> value, List<String> climbing) {
      maxima = new LinkedHashMap<>(value);
      stillClimbing = List.copyOf(climbing);
    }

    ScenarioResult build() {
      var json = new JsonObject()
          .put("run_id", runId)
          .put("started", started.toString())
          .put("finished", Instant.now().toString())
          .put("host", new JsonObject()
              .put("cores", Runtime.getRuntime().availableProcessors())
              .put("load_average_at_start", loadAverageAtStart)
              .put("load_average_before_load", loadAverageBeforeLoad)
              .put("load_average_after_load", loadAverageAfterLoad))
          .put("setup", setup());
      if (!firstRequests.isEmpty()) {
        json.put("first_requests", new JsonArray(firstRequests.stream().map(FirstRequests.Summary::toJson)
            .collect(Collectors.toList())));
      }
      json.put("runs", new JsonArray(runs.stream().map(TargetRun::toJson).collect(Collectors.toList())));
      comparison().ifPresent(comparison -> json.put("comparison", comparison));
      if (maxima != null) {
        json.put("find_max", findMax());
      }
      if (fault != null) {
        json.put("fault", fault.toJson());
      }
      JsonObject checks = ledger == null ? new CheckLedger().toJson() : ledger.toJson();
      json.put("checks", checks);
      JsonObject shares = coverage == null
          ? new ShareCoverage.Result(0, 0, 0, 0, 0, List.of()).toJson() : coverage.toJson();
      json.put("share_records", shares);
      long violations = checks.getJsonObject("violations").getLong("total");
      boolean passed = ledger != null && coverage != null && violations == 0 && coverage.missing() == 0
          && coverage.fieldMismatch() == 0;
      var verdict = new JsonObject()
          .put("violations", violations)
          .put("share_records_missing", shares.getLong("missing"))
          .put("share_records_field_mismatch", shares.getLong("field_mismatch"));
      if (options.fault().isPresent()) {
        // A fault run that never got its fault in (a start failure) has not shown recovery either.
        boolean faultPassed = fault != null && fault.passed();
        verdict.put("fault_applied", fault != null && fault.applied())
            .put("fault_recovered", fault != null && fault.recovered())
            .put("fault_deadline_respected", fault != null && fault.deadlineRespected());
        passed = passed && faultPassed;
      }
      json.put("verdict", verdict.put("passed", passed));
      // What the verdict covers and every check with its number, spelt out in the JSON too (the HTML page and
      // the table show the same list): PASSED alone never again stands next to a latency figure unexplained.
      Verdict spelt = Verdict.of(json);
      verdict.put("covers", spelt.covers()).put("checks", spelt.checksJson());
      return new ScenarioResult(json, table(json, spelt), passed);
    }

    private JsonObject setup() {
      var mix = new TreeMap<String, Integer>();
      devices.forEach(device -> mix.merge(device.kind(), 1, Integer::sum));
      var partnerJson = new JsonArray();
      for (PartnerProfile partner : partners) {
        partnerJson.add(new JsonObject().put("id", partner.id()).put("role", partner.role().wireName())
            .put("identity_fields", new JsonArray(partner.identityFields().stream().sorted().map(Field::wireName)
                .collect(Collectors.toList())))
            .put("hashed_email_format", partner.emailFormat().configName())
            .put("stripped_ip", partner.truncateStrippedIp() ? "truncate" : "remove"));
      }
      var setup = new JsonObject()
          .put("gateway_jar", options.gatewayJar().toString())
          .put("redis", redis)
          .put("partners", partnerJson)
          .put("partner_latency_ms", options.partnerLatency().toMillis())
          .put("partner_p99_tail_ms", options.partnerTailLatency().toMillis())
          .put("partner_failure_pct", options.partnerFailurePercent())
          .put("bids_per_imp", options.bidsPerImp())
          .put("devices", devices.size())
          .put("consent_records_seeded", seeded)
          .put("device_mix", new JsonObject(new LinkedHashMap<>(mix)))
          .put("rate", options.rate())
          .put("duration_ms", options.duration().toMillis())
          .put("warmup_ms", options.warmup().toMillis())
          .put("tmax_ms", options.tmax().toMillis())
          .put("generator_connections", options.connections())
          .put("smuggle_base64_pct", options.base64SmugglePercent())
          .put("baseline", options.baseline())
          .put("find_max", options.findMax())
          .put("child_jvm_options", new JsonArray(new ArrayList<>(options.jvmOptions())))
          .put("targets", LatencyTargets.withLimits(options.maxP99Millis(), options.maxErrorPercent()).toJson());
      options.fault().ifPresent(plan -> setup.put("fault", plan.fault().cliName()));
      return setup;
    }

    /** The last fixed or half-max run of each target, side by side, with gateway/baseline ratios. */
    private Optional<JsonObject> comparison() {
      TargetRun gateway = lastComparable(Scenario.GATEWAY);
      TargetRun baseline = lastComparable(Scenario.BASELINE);
      if (gateway == null) {
        return Optional.empty();
      }
      var comparison = new JsonObject().put("phase", gateway.phase()).put("rate", gateway.rate())
          .put(Scenario.GATEWAY, summary(gateway));
      if (baseline != null) {
        LoadReport g = gateway.report();
        LoadReport b = baseline.report();
        comparison.put(Scenario.BASELINE, summary(baseline));
        comparison.put("ratio_gateway_to_baseline", new JsonObject()
            .put("achieved_rate", ratio(g.achievedRatePerSecond(), b.achievedRatePerSecond()))
            .put("p50", ratio(g.latency().p50Millis(), b.latency().p50Millis()))
            .put("p90", ratio(g.latency().p90Millis(), b.latency().p90Millis()))
            .put("p99", ratio(g.latency().p99Millis(), b.latency().p99Millis()))
            .put("p99_9", ratio(g.latency().p999Millis(), b.latency().p999Millis()))
            .put("cpu_per_1k", ratio(gateway.cpuMillisPerThousand(), baseline.cpuMillisPerThousand())));
        // Only when both answered something: a target without answers has no latency, its p99 reads 0.
        comparison.put("p99_added_ms", g.latency().count() > 0 && b.latency().count() > 0
            ? TargetRun.round(g.latency().p99Millis() - b.latency().p99Millis()) : null);
      }
      return Optional.of(comparison);
    }

    private TargetRun lastComparable(String target) {
      TargetRun last = null;
      for (TargetRun run : runs) {
        if (run.target().equals(target) && (run.phase().equals("fixed") || run.phase().equals("half-max"))) {
          last = run;
        }
      }
      return last;
    }

    private static JsonObject summary(TargetRun run) {
      LoadReport r = run.report();
      var errors = new JsonObject();
      for (ErrorKind kind : ErrorKind.values()) {
        errors.put(kind.key(), r.errors(kind));
      }
      r.statusCounts().forEach((status, count) -> {
        if (status != 200 && status != 204) {
          errors.put("http_" + status, count);
        }
      });
      return new JsonObject()
          .put("achieved_rate", TargetRun.round(r.achievedRatePerSecond()))
          .put("p50_ms", r.latency().p50Millis())
          .put("p90_ms", r.latency().p90Millis())
          .put("p99_ms", r.latency().p99Millis())
          .put("p99_9_ms", r.latency().p999Millis())
          .put("max_ms", r.latency().maxMillis())
          .put("requests", r.scheduled())
          .put("failures", run.failures())
          .put("errors", errors)
          .put("cpu_ms_per_1k", TargetRun.round(run.cpuMillisPerThousand()))
          .put("loadtest_jvm_cpu_ms_per_1k", TargetRun.round(run.loadTestCpuMillisPerThousand()))
          .put("max_generator_lag_ms", TargetRun.round(r.maxGeneratorLag().toNanos() / 1e6));
    }

    private JsonObject findMax() {
      var result = new JsonObject();
      var steps = new JsonArray();
      for (TargetRun run : runs) {
        if (run.phase().startsWith("step-")) {
          steps.add(new JsonObject().put("target", run.target()).put("phase", run.phase()).put("rate", run.rate())
              .put("achieved_rate", TargetRun.round(run.report().achievedRatePerSecond()))
              .put("p99_ms", run.report().latency().p99Millis())
              .put("failure_pct", TargetRun.round(run.failurePercent()))
              .put("cpu_ms_per_1k", TargetRun.round(run.cpuMillisPerThousand()))
              .put("max_generator_lag_ms", TargetRun.round(run.report().maxGeneratorLag().toNanos() / 1e6))
              .put("sustained", run.sustainable(options.maxP99Millis(), options.maxErrorPercent())));
        }
      }
      var max = new JsonObject();
      maxima.forEach((target, rate) -> max.put(target, Math.round(rate)));
      result.put("criteria", new JsonObject().put("max_p99_ms", options.maxP99Millis())
              .put("max_failure_pct", options.maxErrorPercent()).put("min_achieved_share_of_target", 0.95)
              .put("step_pct", options.stepPercent()).put("step_duration_ms", options.stepDuration().toMillis()))
          .put("max_sustainable_rate", max)
          .put("hit_step_limit", new JsonArray(new ArrayList<>(stillClimbing)))
          .put("steps", steps);
      if (maxima.containsKey(Scenario.BASELINE)) {
        result.put("ratio_gateway_to_baseline", ratio(maxima.get(Scenario.GATEWAY), maxima.get(Scenario.BASELINE)));
      }
      return result;
    }

    private static Double ratio(double a, double b) {
      return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? null : Math.round(a / b * 1000) / 1000.0;
    }

    private static String table(JsonObject json, Verdict verdict) {
      var out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%n== scenario %s (%d cores; load average %s at start, %s after load)%n",
          json.getString("run_id"), json.getJsonObject("host").getInteger("cores"),
          json.getJsonObject("host").getString("load_average_at_start"),
          json.getJsonObject("host").getString("load_average_after_load")));
      JsonArray first = json.getJsonArray("first_requests");
      if (first != null) {
        out.append(String.format(Locale.ROOT, "%n-- the first requests after start (service time, ms; at %.0f req/s)%n",
            FirstRequests.RATE));
        out.append(String.format(Locale.ROOT, "%-9s %8s %12s %8s %9s %13s %12s %12s %8s%n", "target", "requests",
            "first status", "first", "max 1-10", "p50 1-100", "p50 last 100", "max last 100", "failures"));
        for (Object row : first) {
          JsonObject r = (JsonObject) row;
          out.append(String.format(Locale.ROOT, "%-9s %8s %12s %8s %9s %13s %12s %12s %8s%n", r.getString("target"),
              r.getValue("requests"), r.getValue("first_status"), r.getValue("first_ms"), r.getValue("max_first_10_ms"),
              r.getValue("p50_first_100_ms"), r.getValue("p50_last_100_ms"), r.getValue("max_last_100_ms"),
              r.getValue("failures")));
        }
      }
      JsonObject findMax = json.getJsonObject("find_max");
      if (findMax != null) {
        out.append(String.format(Locale.ROOT, "%n-- find-max (p99 <= %s ms, failures <= %s %%, achieved >= 95 %% of offered)%n",
            findMax.getJsonObject("criteria").getValue("max_p99_ms"),
            findMax.getJsonObject("criteria").getValue("max_failure_pct")));
        out.append(String.format(Locale.ROOT, "%-9s %-14s %9s %9s %9s %9s %9s %9s %s%n", "target", "step", "offered",
            "achieved", "p99 ms", "fail %", "cpu/1k", "gen lag", "ok"));
        for (Object step : findMax.getJsonArray("steps")) {
          JsonObject s = (JsonObject) step;
          out.append(String.format(Locale.ROOT, "%-9s %-14s %9.0f %9s %9s %9s %9s %9s %s%n", s.getString("target"),
              s.getString("phase"), s.getDouble("rate"), s.getValue("achieved_rate"), s.getValue("p99_ms"),
              s.getValue("failure_pct"), s.getValue("cpu_ms_per_1k"), s.getValue("max_generator_lag_ms"),
              s.getBoolean("sustained") ? "yes" : "NO"));
        }
        out.append("max sustainable rate: ").append(findMax.getJsonObject("max_sustainable_rate").encode());
        if (findMax.containsKey("ratio_gateway_to_baseline")) {
          out.append(", gateway/baseline = ").append(findMax.getValue("ratio_gateway_to_baseline"));
        }
        out.append(System.lineSeparator());
      }
      JsonObject comparison = json.getJsonObject("comparison");
      if (comparison != null) {
        out.append(String.format(Locale.ROOT, "%n-- side by side (%s, %.0f req/s offered)%n",
            comparison.getString("phase"), comparison.getDouble("rate")));
        out.append(String.format(Locale.ROOT, "%-9s %9s %8s %8s %8s %8s %8s %9s %10s %8s%n", "target", "achieved",
            "p50", "p90", "p99", "p99.9", "max", "failures", "cpu ms/1k", "gen lag"));
        for (String target : List.of(Scenario.BASELINE, Scenario.GATEWAY)) {
          JsonObject t = comparison.getJsonObject(target);
          if (t != null) {
            out.append(String.format(Locale.ROOT, "%-9s %9s %8.2f %8.2f %8.2f %8.2f %8.2f %9d %10s %8s%n", target,
                t.getValue("achieved_rate"), t.getDouble("p50_ms"), t.getDouble("p90_ms"), t.getDouble("p99_ms"),
                t.getDouble("p99_9_ms"), t.getDouble("max_ms"), t.getLong("failures"), t.getValue("cpu_ms_per_1k"),
                t.getValue("max_generator_lag_ms")));
          }
        }
        JsonObject ratio = comparison.getJsonObject("ratio_gateway_to_baseline");
        if (ratio != null) {
          out.append(String.format(Locale.ROOT, "%-9s %9s %8s %8s %8s %8s %8s %9s %10s%n", "gw/base",
              ratio.getValue("achieved_rate"), ratio.getValue("p50"), ratio.getValue("p90"), ratio.getValue("p99"),
              ratio.getValue("p99_9"), "", "", ratio.getValue("cpu_per_1k")));
          Object added = comparison.getValue("p99_added_ms");
          out.append("p99 added by the gateway: ")
              .append(added == null ? "no comparison (a target answered no request)" : added + " ms")
              .append(System.lineSeparator());
        }
        JsonObject gatewayErrors = comparison.getJsonObject(Scenario.GATEWAY).getJsonObject("errors");
        out.append("gateway errors by kind: ").append(gatewayErrors.encode()).append(System.lineSeparator());
      }
      if (json.containsKey("fault")) {
        out.append(FaultReport.table(json.getJsonObject("fault")));
      }
      JsonObject checks = json.getJsonObject("checks");
      JsonObject shares = json.getJsonObject("share_records");
      out.append(String.format(Locale.ROOT, "%n-- truth checks%n"));
      out.append(String.format(Locale.ROOT, "payloads checked         %d (unmatched %d, not JSON %d)%n",
          checks.getLong("payloads_checked"), checks.getLong("payloads_unmatched"), checks.getLong("payloads_not_json")));
      out.append(String.format(Locale.ROOT, "identity-bearing         %d%n", checks.getLong("identity_bearing")));
      out.append(String.format(Locale.ROOT, "VIOLATIONS               %d %s%n",
          checks.getJsonObject("violations").getLong("total"),
          checks.getJsonObject("violations").getJsonObject("by_kind").encode()));
      for (Object example : checks.getJsonArray("violation_examples")) {
        out.append("  e.g. ").append(example).append(System.lineSeparator());
      }
      out.append(String.format(Locale.ROOT, "expected but absent      %d payloads %s (soft: fail-closed)%n",
          checks.getJsonObject("identity_expected_but_absent").getLong("payloads"),
          checks.getJsonObject("identity_expected_but_absent").getJsonObject("by_field").encode()));
      out.append(String.format(Locale.ROOT, "share records pulled     %d in %d page(s)%n", shares.getLong("records_pulled"),
          shares.getInteger("pages")));
      out.append(String.format(Locale.ROOT, "MISSING share records    %d (fields differ: %d)%n", shares.getLong("missing"),
          shares.getLong("field_mismatch")));
      for (Object example : shares.getJsonArray("examples")) {
        out.append("  e.g. ").append(example).append(System.lineSeparator());
      }
      out.append(String.format(Locale.ROOT, "verdict                  %s%n",
          json.getJsonObject("verdict").getBoolean("passed") ? "PASSED" : "FAILED"));
      out.append(String.format(Locale.ROOT, "%n-- what the verdict covers%n%s%n", verdict.covers()));
      for (Check check : verdict.checks()) {
        out.append(String.format(Locale.ROOT, "%-12s %-31s %s; target %s%s%n", check.outcome().words(), check.id(),
            check.measured(), check.target(), check.decidesVerdict() ? "" : " (reported, not part of the verdict)"));
      }
      return out.toString();
    }
  }
}
