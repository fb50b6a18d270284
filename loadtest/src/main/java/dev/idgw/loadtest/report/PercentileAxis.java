package dev.idgw.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/**
 * HdrHistogram's percentile axis: logarithmic in {@code 1/(1-p)}, so 0 %, 90 %, 99 %, 99.9 %, 99.99 % … lie one
 * decade apart and the tail, where a proxy's cost shows, gets as much room as the median. 100 % lies at
 * infinity: the maximum is not a point on this axis (the report gives it in its table).
 *
 * @param decades how many nines the axis spans (2: up to 99 %, 3: up to 99.9 %)
 */
record PercentileAxis(String title, int decades) implements Axis {
  PercentileAxis {
    if (decades < 1) {
      throw new IllegalArgumentException("a percentile axis spans at least one decade, got " + decades);
    }
  }

  /** Wide enough for every finite percentile up to {@code highestPercentile}, and at least to 99 %. */
  static PercentileAxis covering(String title, double highestPercentile) {
    double distance = distance(highestPercentile);
    int decades = Double.isFinite(distance) ? (int) Math.ceil(distance - 1e-9) : 2;
    return new PercentileAxis(title, Math.max(2, decades));
  }

  /** {@code log10(1/(1-p))}: 0 for 0 %, 1 for 90 %, 2 for 99 %, 3 for 99.9 %; infinite for 100 %. */
  static double distance(double percentile) {
    if (percentile < 0 || Double.isNaN(percentile)) {
      throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
    }
    if (percentile >= 100) {
      return Double.POSITIVE_INFINITY;
    }
    return -Math.log10(1 - percentile / 100);
  }

  /** True when {@code percentile} can be drawn on this axis (not 100 %, not past its last decade). */
  boolean holds(double percentile) {
    return distance(percentile) <= decades + 1e-9;
  }

  @Override
  public double fraction(double percentile) {
    return distance(percentile) / decades;
  }

  @Override
  public List<Tick> ticks() {
    var ticks = new ArrayList<Tick>();
    for (int decade = 0; decade <= decades; decade++) {
      double percentile = 100 * (1 - Math.pow(10, -decade));
      ticks.add(new Tick(percentile, Figures.percentile(percentile)));
    }
    return ticks;
  }
}
