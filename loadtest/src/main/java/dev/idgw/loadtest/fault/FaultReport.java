package dev.idgw.loadtest.fault;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one fault run found, window by window, and its part of the verdict: the fault was really
 * applied, the service recovered (over the second half of the after window, failures and p99 back within
 * {@code --max-error-pct} and {@code --max-p99-ms}) and the deadline held throughout (no answer slower
 * than tmax + {@link #DEADLINE_SLACK} from its actual send; the generator's own lateness is not the
 * gateway's).
 *
 * @param measuredStart  wall-clock time of the measured phase's first intended send
 * @param details        what the injector did (proxy counters and the like)
 */
public record FaultReport(FaultPlan plan, FaultTimes times, Instant measuredStart, Map<FaultWindow, WindowStats> windows,
    WindowStats recoveryCheck, double maxP99Millis, double maxFailurePercent, Duration deadline, JsonObject details) {

  /** What the player may wait beyond tmax: the gateway's answer has to travel and be read. */
  public static final Duration DEADLINE_SLACK = Duration.ofMillis(50);

  public FaultReport {
    windows = Map.copyOf(windows);
    details = details.copy();
  }

  public static Duration deadlineFor(Duration tmax) {
    return tmax.plus(DEADLINE_SLACK);
  }

  public boolean applied() {
    return times.applied() && times.errors().isEmpty();
  }

  /** Failures and p99 back within the limits over the second half of the after window (which must hold requests). */
  public boolean recovered() {
    return recoveryCheck.sent() > 0
        && recoveryCheck.failurePercent() <= maxFailurePercent
        && recoveryCheck.p99Millis() <= maxP99Millis;
  }

  public long overDeadline() {
    return windows.values().stream().mapToLong(WindowStats::overDeadline).sum();
  }

  public double maxFromSendMillis() {
    return windows.values().stream().mapToDouble(WindowStats::maxServiceMillis).max().orElse(0);
  }

  public boolean deadlineRespected() {
    return overDeadline() == 0;
  }

  public boolean passed() {
    return applied() && recovered() && deadlineRespected();
  }

  public JsonObject toJson() {
    var windowJson = new JsonObject();
    for (FaultWindow window : FaultWindow.values()) {
      windowJson.put(window.key(), windows.get(window).toJson());
    }
    return new JsonObject()
        .put("name", plan.fault().cliName())
        .put("description", plan.fault().description())
        .put("measured_start", measuredStart.toString())
        .put("plan_ms", new JsonObject()
            .put("measured", plan.measured().toMillis())
            .put("fault_at", plan.at().toMillis())
            .put("fault_for", plan.lasting().toMillis())
            .put("recovery_check_from", plan.recoveryCheckFrom().toMillis()))
        .put("applied_at_ms", millis(times.appliedAtMillis()))
        .put("lift_started_at_ms", millis(times.liftStartedAtMillis()))
        .put("lift_done_at_ms", millis(times.liftDoneAtMillis()))
        .put("applied", applied())
        .put("errors", new JsonArray(new ArrayList<>(times.errors())))
        .put("details", details)
        .put("windows", windowJson)
        .put("recovery_check", recoveryCheck.toJson())
        .put("limits", new JsonObject()
            .put("max_p99_ms", maxP99Millis)
            .put("max_failure_pct", maxFailurePercent)
            .put("deadline_ms", deadline.toMillis())
            .put("deadline_measured_from", "actual send"))
        .put("recovered", recovered())
        .put("deadline_respected", deadlineRespected())
        .put("over_deadline", overDeadline())
        .put("max_from_send_ms", WindowStats.round(maxFromSendMillis()))
        .put("passed", passed());
  }

  /** The fault section of the stdout table, from the JSON (so the two never disagree). */
  public static String table(JsonObject fault) {
    var out = new StringBuilder();
    JsonObject plan = fault.getJsonObject("plan_ms");
    out.append(format("%n-- fault %s: %s%n", fault.getString("name"), fault.getString("description")));
    out.append(format("planned at %.1f s for %.1f s of %.1f s measured; applied at %s, lifted at %s (done at %s)%n",
        plan.getLong("fault_at") / 1000.0, plan.getLong("fault_for") / 1000.0, plan.getLong("measured") / 1000.0,
        seconds(fault.getValue("applied_at_ms")), seconds(fault.getValue("lift_started_at_ms")),
        seconds(fault.getValue("lift_done_at_ms"))));
    for (Object error : fault.getJsonArray("errors")) {
      out.append("  ERROR ").append(error).append(System.lineSeparator());
    }
    if (!fault.getJsonObject("details").isEmpty()) {
      out.append("fault details: ").append(fault.getJsonObject("details").encode()).append(System.lineSeparator());
    }
    out.append(format("%-15s %13s %8s %9s %8s %8s %8s %9s %9s %10s %9s%n", "window", "s", "requests", "achieved",
        "p50", "p99", "max", "failures", "identity", ">deadline", "gen lag"));
    JsonObject windows = fault.getJsonObject("windows");
    for (FaultWindow window : FaultWindow.values()) {
      out.append(row(window.key(), windows.getJsonObject(window.key())));
    }
    out.append(row("after, 2nd half", fault.getJsonObject("recovery_check")));
    out.append("failures by kind:");
    for (FaultWindow window : FaultWindow.values()) {
      out.append(' ').append(window.key()).append(' ')
          .append(windows.getJsonObject(window.key()).getJsonObject("failures_by_kind").encode());
    }
    out.append(System.lineSeparator());
    JsonObject limits = fault.getJsonObject("limits");
    JsonObject check = fault.getJsonObject("recovery_check");
    out.append(format("recovered                %s (after, 2nd half: p99 %s ms, limit %s; failures %s %%, limit %s %%)%n",
        fault.getBoolean("recovered") ? "yes" : "NO", check.getJsonObject("latency_ms").getValue("p99"),
        limits.getValue("max_p99_ms"), check.getValue("failure_pct"), limits.getValue("max_failure_pct")));
    out.append(format("deadline respected       %s (%d answers over %d ms from send; slowest %s ms)%n",
        fault.getBoolean("deadline_respected") ? "yes" : "NO", fault.getLong("over_deadline"),
        limits.getLong("deadline_ms"), fault.getValue("max_from_send_ms")));
    return out.toString();
  }

  private static String row(String name, JsonObject w) {
    JsonObject latency = w.getJsonObject("latency_ms");
    Object identity = w.getValue("identity_bearing_pct");
    return format("%-15s %13s %8d %9s %8s %8s %8s %9d %9s %10d %9s%n", name,
        format("%.1f-%.1f", w.getLong("from_ms") / 1000.0, w.getLong("to_ms") / 1000.0), w.getLong("requests"),
        w.getValue("achieved_rate"), latency.getValue("p50"), latency.getValue("p99"), latency.getValue("max"),
        w.getLong("failures"), identity instanceof Number share ? format("%.1f %%", share.doubleValue()) : "-",
        w.getLong("over_deadline"),
        w.getValue("max_generator_lag_ms"));
  }

  private static Object millis(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  private static String seconds(Object millis) {
    return millis instanceof Number number ? format("%.3f s", number.longValue() / 1000.0) : "-";
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
