package dev.idgw.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A scenario's JSON as {@code --json-out} writes it, with sensible defaults (a passing fixed-rate run with a
 * baseline at 100 req/s, gateway p99 54.75 ms against 24.13 ms); each test changes only what it is about.
 */
final class ScenarioJson {
  private final JsonObject json;

  private ScenarioJson() {
    json = new JsonObject()
        .put("run_id", "2e6f6fd1")
        .put("started", "2026-12-07T04:21:00Z")
        .put("finished", "2026-12-07T04:22:03Z")
        .put("host", new JsonObject().put("cores", 2).put("load_average_at_start", "1.10 0.90 0.80")
            .put("load_average_after_load", "1.60 1.00 0.85"))
        .put("setup", new JsonObject().put("gateway_jar", "gateway/target/gateway.jar")
            .put("redis", "private redis-server config/redis-sharelog.conf on port 33387 (appendfsync always)")
            .put("partners", new JsonArray().add(new JsonObject().put("id", "acme-ssp").put("role", "third_party")
                .put("identity_fields", new JsonArray().add("device_id").add("ip"))))
            .put("rate", 100.0).put("duration_ms", 5000).put("warmup_ms", 5000).put("devices", 300)
            .put("consent_records_seeded", 268).put("tmax_ms", 300).put("baseline", true).put("find_max", false)
            .put("child_jvm_options", new JsonArray()))
        .put("first_requests", new JsonArray()
            .add(new JsonObject().put("target", "baseline").put("requests", 200).put("failures", 0)
                .put("first_status", 200).put("first_ms", 711.29))
            .add(new JsonObject().put("target", "gateway").put("requests", 200).put("failures", 0)
                .put("first_status", 200).put("first_ms", 44.234)))
        .put("runs", new JsonArray().add(run("baseline", 9.0, 24.13)).add(run("gateway", 11.6, 54.75)))
        .put("comparison", new JsonObject().put("phase", "fixed").put("rate", 100.0)
            .put("gateway", summary(54.751, 0)).put("baseline", summary(24.127, 0)).put("p99_added_ms", 30.624))
        .put("checks", new JsonObject().put("payloads_checked", 3612).put("payloads_unmatched", 12)
            .put("payloads_not_json", 0).put("identity_bearing", 1664)
            .put("violations", new JsonObject().put("total", 0).put("by_kind", new JsonObject()
                .put("device_id_not_allowed", 0).put("raw_email", 0)))
            .put("violation_examples", new JsonArray())
            .put("identity_expected_but_absent", new JsonObject().put("payloads", 3)
                .put("by_field", new JsonObject().put("hashed_email", 0).put("device_id", 2).put("ip", 3))))
        .put("share_records", new JsonObject().put("identity_bearing_payloads", 1664).put("records_pulled", 654)
            .put("pages", 1).put("missing", 0).put("field_mismatch", 0).put("examples", new JsonArray()))
        .put("verdict", new JsonObject().put("violations", 0).put("share_records_missing", 0)
            .put("share_records_field_mismatch", 0).put("passed", true));
  }

  static ScenarioJson passing() {
    return new ScenarioJson();
  }

  JsonObject json() {
    return json;
  }

  ScenarioJson violations(String kind, long count) {
    JsonObject violations = json.getJsonObject("checks").getJsonObject("violations");
    violations.put("total", count).getJsonObject("by_kind").put(kind, count);
    json.getJsonObject("verdict").put("violations", count).put("passed", false);
    return this;
  }

  ScenarioJson missingShareRecords(long count) {
    json.getJsonObject("share_records").put("missing", count);
    json.getJsonObject("verdict").put("share_records_missing", count).put("passed", false);
    return this;
  }

  ScenarioJson p99Added(double gatewayP99, double baselineP99) {
    JsonObject comparison = json.getJsonObject("comparison");
    comparison.getJsonObject("gateway").put("p99_ms", gatewayP99);
    comparison.getJsonObject("baseline").put("p99_ms", baselineP99);
    comparison.put("p99_added_ms", gatewayP99 - baselineP99);
    return this;
  }

  /** Every baseline request timed out: no answer, so no latency (its p99 reads 0 in the summary). */
  ScenarioJson baselineAnsweredNothing() {
    JsonObject load = json.getJsonArray("runs").getJsonObject(0).getJsonObject("load");
    load.getJsonObject("latency_ms").put("count", 0).put("p99", 0.0);
    load.put("latency_percentiles", new JsonArray());
    json.getJsonObject("comparison").getJsonObject("baseline").put("p99_ms", 0.0).put("failures", 500)
        .put("errors", new JsonObject().put("timeout", 500));
    json.getJsonObject("comparison").putNull("p99_added_ms");
    return this;
  }

  ScenarioJson withoutBaseline() {
    json.getJsonObject("comparison").remove("baseline");
    json.getJsonObject("comparison").remove("p99_added_ms");
    json.getJsonArray("runs").remove(0);
    return this;
  }

  ScenarioJson findMax(long gatewayMax, long baselineMax) {
    json.put("find_max", new JsonObject()
        .put("max_sustainable_rate", new JsonObject().put("gateway", gatewayMax).put("baseline", baselineMax))
        .put("ratio_gateway_to_baseline", Math.round(1000.0 * gatewayMax / baselineMax) / 1000.0)
        .put("steps", new JsonArray().add(new JsonObject().put("target", "gateway").put("phase", "step-1")
            .put("rate", 800.0).put("p99_ms", 12.0).put("sustained", true))
            .add(new JsonObject().put("target", "gateway").put("phase", "step-2-try-2").put("rate", 920.0)
                .put("p99_ms", 60.0).put("sustained", false))));
    return this;
  }

  ScenarioJson set(String path, Object value) {
    String[] names = path.split("\\.");
    JsonObject at = json;
    for (int i = 0; i < names.length - 1; i++) {
      at = at.getJsonObject(names[i]);
    }
    at.put(names[names.length - 1], value);
    return this;
  }

  private static JsonObject summary(double p99, long failures) {
    return new JsonObject().put("achieved_rate", 99.99).put("p50_ms", 9.1).put("p90_ms", 14.3).put("p99_ms", p99)
        .put("p99_9_ms", p99 * 1.2).put("max_ms", p99 * 1.4).put("requests", 500).put("failures", failures)
        .put("errors", new JsonObject().put("timeout", failures)).put("cpu_ms_per_1k", 4380.0)
        .put("max_generator_lag_ms", 5.8);
  }

  /** A run with a percentile distribution that rises from p50 to p99 as HdrHistogram's would, and 5 seconds of counts. */
  private static JsonObject run(String target, double p50, double p99) {
    var percentiles = new JsonArray();
    double[] levels = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.8, 100};
    for (double level : levels) {
      double ms = level <= 50 ? p50 * (0.5 + level / 100) : p50 + (p99 - p50) * (level - 50) / 49;
      percentiles.add(new JsonObject().put("percentile", level).put("ms", ms).put("count", Math.round(level * 5)));
    }
    return new JsonObject().put("target", target).put("phase", "fixed")
        .put("load", new JsonObject().put("duration_ms", 5000)
            .put("latency_ms", new JsonObject().put("count", 500).put("p99", p99))
            .put("latency_percentiles", percentiles)
            .put("per_second", new JsonObject()
                .put("ok", new JsonArray().add(100).add(99).add(101).add(100).add(98).add(2))
                .put("failed", new JsonArray().add(0).add(0).add(0).add(0).add(0).add(0))));
  }
}
