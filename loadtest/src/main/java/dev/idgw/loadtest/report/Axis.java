package dev.idgw.loadtest.report;

import java.util.List;

/** One axis of a {@link LineChart}: where a value lies along it, and its labelled ticks. */
sealed interface Axis permits PercentileAxis, LinearAxis {
  String title();

  /** Where {@code value} lies: 0 at the axis's start, 1 at its end; increases with the value. */
  double fraction(double value);

  /** The labelled values, in increasing order, all within the axis. */
  List<Tick> ticks();

  record Tick(double value, String label) {}
}
