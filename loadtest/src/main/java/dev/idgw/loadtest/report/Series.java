package dev.idgw.loadtest.report;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of a {@link LineChart}.
 *
 * @param key     a plain token ({@code gateway}, {@code baseline}, {@code offered}): the line's CSS class is
 *                {@code series-<key>}, so gateway is drawn in the same colour in every chart
 * @param label   the legend's words
 * @param points  in data units, in drawing order
 * @param dashed  drawn dashed (a reference line such as the offered rate), without point markers
 */
record Series(String key, String label, List<Point> points, boolean dashed) {
  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,30}");

  Series {
    if (!KEY.matcher(Objects.requireNonNull(key, "key")).matches()) {
      throw new IllegalArgumentException("series key must be a plain lower-case token, got " + key);
    }
    Objects.requireNonNull(label, "label");
    points = List.copyOf(points);
  }

  /**
   * @param tooltip what hovering over the point shows (the exact numbers)
   */
  record Point(double x, double y, String tooltip) {}
}
