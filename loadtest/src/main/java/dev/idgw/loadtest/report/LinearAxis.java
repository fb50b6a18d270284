package dev.idgw.loadtest.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain axis from 0 to {@code max}, ticks every {@code step}: 1, 2 or 5 times a power of ten, so the labels
 * are round numbers.
 */
record LinearAxis(String title, double max, double step) implements Axis {
  /** Aim for about this many intervals; between 3 and 6 come out of the 1-2-5 steps. */
  private static final int TARGET_INTERVALS = 6;

  LinearAxis {
    if (!(max > 0) || !(step > 0) || !Double.isFinite(max) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("max and step must be positive, got " + max + " and " + step);
    }
  }

  /** From 0 to a round number at or above {@code highestValue} (at least one step, also for all zeros). */
  static LinearAxis upTo(String title, double highestValue) {
    double value = Double.isFinite(highestValue) && highestValue > 0 ? highestValue : 1;
    double step = niceStep(value / TARGET_INTERVALS);
    double max = Math.ceil(value / step - 1e-9) * step;
    return new LinearAxis(title, Math.max(max, step), step);
  }

  static double niceStep(double rough) {
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double scaled = rough / power;
    double nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
    return nice * power;
  }

  @Override
  public double fraction(double value) {
    return value / max;
  }

  @Override
  public List<Tick> ticks() {
    var ticks = new ArrayList<Tick>();
    int intervals = (int) Math.round(max / step);
    for (int i = 0; i <= intervals; i++) {
      double value = i * step;
      ticks.add(new Tick(value, label(value)));
    }
    return ticks;
  }

  /** The shortest decimal that names the tick: 0, 0.5, 10, 250, 1000. */
  private static String label(double value) {
    return BigDecimal.valueOf(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
