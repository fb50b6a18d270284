package dev.idgw.loadtest.report;

import java.util.Locale;

/** Numbers as the report writes them: grouped thousands, fixed decimals, the same on every machine (Locale.ROOT). */
final class Figures {
  private Figures() {}

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String millis(double value) {
    return String.format(Locale.ROOT, "%,.2f ms", value);
  }

  static String decimal(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  /** {@code part} of {@code whole} as a percentage with three decimals ("0.000 %" when whole is 0). */
  static String percentOf(long part, long whole) {
    return String.format(Locale.ROOT, "%.3f %%", whole == 0 ? 0.0 : 100.0 * part / whole);
  }

  /** A coordinate in the SVG: two decimals are well below a pixel. */
  static String coordinate(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** A percentile as HdrHistogram's axis labels write it: 0%, 90%, 99%, 99.9%, 99.99% … */
  static String percentile(double percentile) {
    String text = String.format(Locale.ROOT, "%.6f", percentile);
    text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    return text + "%";
  }
}
