package dev.idgw.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Throughput over time: answers with 200 or 204 per second of each target's measured phase, with the offered
 * rate as a dashed line. The two targets run one after the other, so x is the second of each one's own phase.
 * Only whole seconds of the measured phase are drawn: answers that came in the drain after the last send land
 * in a partial second that would look like a drop.
 */
final class ThroughputPlot {
  static final String ID = "throughput-plot";

  private ThroughputPlot() {}

  static Optional<LineChart> of(ScenarioData data) {
    var series = new ArrayList<Series>();
    double highest = 0;
    int seconds = 0;
    double offered = data.comparison().map(c -> ScenarioData.doubleValue(c, "rate")).orElse(Double.NaN);
    for (String target : List.of(ScenarioData.GATEWAY, ScenarioData.BASELINE)) {
      Optional<JsonObject> run = data.comparedRun(target);
      if (run.isEmpty()) {
        continue;
      }
      JsonObject load = run.get().getJsonObject("load", new JsonObject());
      JsonArray ok = load.getJsonObject("per_second", new JsonObject()).getJsonArray("ok", new JsonArray());
      long durationMillis = ScenarioData.longValue(load, "duration_ms");
      int whole = (int) Math.min(ok.size(), Math.max(1, durationMillis / 1000));
      var points = new ArrayList<Series.Point>();
      for (int second = 0; second < whole; second++) {
        long answered = ((Number) ok.getValue(second)).longValue();
        points.add(new Series.Point(second + 0.5, answered, String.format(Locale.ROOT,
            "%s, second %d: %s answers with 200/204", target, second + 1, Figures.count(answered))));
        highest = Math.max(highest, answered);
      }
      if (!points.isEmpty()) {
        series.add(new Series(target, target + " (200/204 per second)", points, false));
        seconds = Math.max(seconds, whole);
      }
    }
    if (series.isEmpty()) {
      return Optional.empty();
    }
    if (Double.isFinite(offered)) {
      highest = Math.max(highest, offered);
      series.add(new Series("offered", "offered rate", List.of(new Series.Point(0, offered, "offered"),
          new Series.Point(seconds, offered, "offered")), true));
    }
    return Optional.of(new LineChart(ID, "Throughput over time: answers per second of each target's measured phase",
        LinearAxis.upTo("second of the measured phase", seconds),
        // Headroom above the offered rate, so the lines at the rate do not run along the frame.
        LinearAxis.upTo("answers per second (200 or 204)", highest * 1.15), series));
  }
}
