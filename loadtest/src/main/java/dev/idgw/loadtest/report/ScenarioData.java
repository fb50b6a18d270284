package dev.idgw.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario's JSON ({@code --json-out}) read for the report: typed access to the parts it draws from, with
 * empty objects where a part is absent (a run without baseline, an older file without percentiles).
 */
record ScenarioData(JsonObject json) {
  static final String GATEWAY = "gateway";
  static final String BASELINE = "baseline";
  /** Drawn and listed in this order, so the baseline, the reference, comes first in tables. */
  static final List<String> TARGETS = List.of(BASELINE, GATEWAY);

  ScenarioData {
    Objects.requireNonNull(json, "json");
  }

  JsonObject object(String name) {
    JsonObject value = json.getJsonObject(name);
    return value == null ? new JsonObject() : value;
  }

  JsonArray array(String name) {
    JsonArray value = json.getJsonArray(name);
    return value == null ? new JsonArray() : value;
  }

  Optional<JsonObject> comparison() {
    return Optional.ofNullable(json.getJsonObject("comparison"));
  }

  /** The targets the side-by-side comparison has, baseline first. */
  List<String> comparedTargets() {
    var targets = new ArrayList<String>();
    comparison().ifPresent(comparison -> TARGETS.stream().filter(comparison::containsKey).forEach(targets::add));
    return targets;
  }

  /**
   * The run the comparison summarises for {@code target}: the last run of that target in the comparison's
   * phase ({@code fixed} or {@code half-max}), the same choice the scenario makes.
   */
  Optional<JsonObject> comparedRun(String target) {
    Optional<JsonObject> comparison = comparison();
    if (comparison.isEmpty()) {
      return Optional.empty();
    }
    String phase = comparison.get().getString("phase");
    JsonObject last = null;
    for (Object entry : array("runs")) {
      if (entry instanceof JsonObject run && target.equals(run.getString("target"))
          && Objects.equals(phase, run.getString("phase"))) {
        last = run;
      }
    }
    return Optional.ofNullable(last);
  }

  String runId() {
    return json.getString("run_id", "?");
  }

  LatencyTargets targets() {
    return LatencyTargets.fromJson(object("setup").getJsonObject("targets"));
  }

  /** The gateway's summary of its first requests after start, when the scenario measured them. */
  Optional<JsonObject> firstRequests(String target) {
    for (Object entry : array("first_requests")) {
      if (entry instanceof JsonObject first && target.equals(first.getString("target"))) {
        return Optional.of(first);
      }
    }
    return Optional.empty();
  }

  static long longValue(JsonObject object, String name) {
    Number value = object.getNumber(name);
    return value == null ? 0 : value.longValue();
  }

  static double doubleValue(JsonObject object, String name) {
    Number value = object.getNumber(name);
    return value == null ? Double.NaN : value.doubleValue();
  }
}
