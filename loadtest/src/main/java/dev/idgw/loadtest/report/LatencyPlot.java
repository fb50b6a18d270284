package dev.idgw.loadtest.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Latency by percentile, gateway and baseline on the same axes, as HdrHistogram plots it: x is the percentile on
 * the {@code 1/(1-p)} log scale, y the latency in milliseconds from each request's intended send time. The points
 * are the histogram's own percentile distribution of the compared phase (the {@code latency_percentiles} the
 * scenario's JSON carries per run).
 */
final class LatencyPlot {
  static final String ID = "latency-plot";

  private LatencyPlot() {}

  /** Empty when the JSON has no percentile distribution for any compared run (an older report). */
  static Optional<LineChart> of(ScenarioData data) {
    var curves = new ArrayList<Curve>();
    for (String target : data.comparedTargets()) {
      data.comparedRun(target).map(run -> curve(target, run)).filter(curve -> !curve.points().isEmpty())
          .ifPresent(curves::add);
    }
    if (curves.isEmpty()) {
      return Optional.empty();
    }
    double highestPercentile = curves.stream().flatMap(curve -> curve.points().stream())
        .mapToDouble(Series.Point::x).max().orElse(99);
    PercentileAxis x = PercentileAxis.covering("percentile (log scale of 1/(1−p): each step is one more nine)",
        highestPercentile);
    double highestMillis = curves.stream().flatMap(curve -> curve.points().stream())
        .mapToDouble(Series.Point::y).max().orElse(1);
    LinearAxis y = LinearAxis.upTo("latency (ms), from the intended send", highestMillis);
    var series = new ArrayList<Series>();
    // The gateway first: it is drawn first and the baseline over it, and leads the legend.
    curves.sort((a, b) -> a.target().equals(ScenarioData.GATEWAY) ? -1 : b.target().equals(ScenarioData.GATEWAY) ? 1 : 0);
    for (Curve curve : curves) {
      series.add(new Series(curve.target(), curve.target(), curve.points(), false));
    }
    JsonObject comparison = data.comparison().orElseThrow();
    String title = String.format(Locale.ROOT, "Latency by percentile at %s req/s offered (%s phase): %s",
        Figures.count(Math.round(ScenarioData.doubleValue(comparison, "rate"))), comparison.getString("phase"),
        String.join(" and ", curves.stream().map(Curve::target).toList()));
    return Optional.of(new LineChart(ID, title, x, y, series));
  }

  private record Curve(String target, List<Series.Point> points) {}

  /** The distribution without its 100 % point, which lies at infinity on this axis (the maximum is in the table). */
  private static Curve curve(String target, JsonObject run) {
    JsonArray distribution = run.getJsonObject("load", new JsonObject()).getJsonArray("latency_percentiles",
        new JsonArray());
    var points = new ArrayList<Series.Point>();
    for (Object entry : distribution) {
      if (entry instanceof JsonObject point) {
        double percentile = ScenarioData.doubleValue(point, "percentile");
        double millis = ScenarioData.doubleValue(point, "ms");
        if (Double.isFinite(percentile) && percentile < 100 && Double.isFinite(millis)) {
          points.add(new Series.Point(percentile, millis, String.format(Locale.ROOT,
              "%s: %s of %s answers within %s (p%s)", target, Figures.count(ScenarioData.longValue(point, "count")),
              Figures.count(ScenarioData.longValue(run.getJsonObject("load").getJsonObject("latency_ms",
                  new JsonObject()), "count")), Figures.millis(millis), Figures.percentile(percentile)
                  .replace("%", ""))));
        }
      }
    }
    return new Curve(target, points);
  }
}
