package dev.idgw.loadtest.report;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A line chart as inline SVG, written here so the page shows it without any script: axes with labelled ticks
 * and grid lines, one path per series (its CSS class names the series; {@code data-points} counts its
 * points), a marker with a hover title on each point, and a legend. Coordinates are in a fixed
 * {@value #WIDTH}×{@value #HEIGHT} view box that the page scales to its width.
 */
record LineChart(String id, String title, Axis x, Axis y, List<Series> series) {
  static final int WIDTH = 820;
  static final int HEIGHT = 400;
  static final int LEFT = 72;
  static final int RIGHT = 24;
  static final int TOP = 44;
  static final int BOTTOM = 56;
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,40}");

  LineChart {
    if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
      throw new IllegalArgumentException("chart id must be a plain lower-case token, got " + id);
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    series = List.copyOf(series);
  }

  /** The pixel column of {@code value} on the x axis. */
  double px(double value) {
    return LEFT + x.fraction(value) * (WIDTH - LEFT - RIGHT);
  }

  /** The pixel row of {@code value} on the y axis (SVG counts rows downwards, so a larger value is higher up). */
  double py(double value) {
    return HEIGHT - BOTTOM - y.fraction(value) * (HEIGHT - TOP - BOTTOM);
  }

  String svg() {
    var svg = new StringBuilder(8192);
    svg.append("<svg id=\"").append(id).append("\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"").append(id)
        .append("-title\">\n");
    svg.append("<title id=\"").append(id).append("-title\">").append(Html.escape(title)).append("</title>\n");
    double left = LEFT;
    double right = WIDTH - RIGHT;
    double top = TOP;
    double bottom = HEIGHT - BOTTOM;
    svg.append("<rect class=\"plot-area\" x=\"").append(c(left)).append("\" y=\"").append(c(top))
        .append("\" width=\"").append(c(right - left)).append("\" height=\"").append(c(bottom - top)).append("\"/>\n");

    svg.append("<g class=\"x-axis\">\n");
    for (Axis.Tick tick : x.ticks()) {
      double at = px(tick.value());
      svg.append("<line class=\"grid\" x1=\"").append(c(at)).append("\" y1=\"").append(c(top)).append("\" x2=\"")
          .append(c(at)).append("\" y2=\"").append(c(bottom)).append("\"/>");
      svg.append("<text class=\"tick-label\" x=\"").append(c(at)).append("\" y=\"").append(c(bottom + 18))
          .append("\" text-anchor=\"middle\">").append(Html.escape(tick.label())).append("</text>\n");
    }
    svg.append("<text class=\"axis-title\" x=\"").append(c((left + right) / 2)).append("\" y=\"")
        .append(c(HEIGHT - 12)).append("\" text-anchor=\"middle\">").append(Html.escape(x.title())).append("</text>\n");
    svg.append("</g>\n<g class=\"y-axis\">\n");
    for (Axis.Tick tick : y.ticks()) {
      double at = py(tick.value());
      svg.append("<line class=\"grid\" x1=\"").append(c(left)).append("\" y1=\"").append(c(at)).append("\" x2=\"")
          .append(c(right)).append("\" y2=\"").append(c(at)).append("\"/>");
      svg.append("<text class=\"tick-label\" x=\"").append(c(left - 8)).append("\" y=\"").append(c(at + 4))
          .append("\" text-anchor=\"end\">").append(Html.escape(tick.label())).append("</text>\n");
    }
    double middle = (top + bottom) / 2;
    svg.append("<text class=\"axis-title\" x=\"18\" y=\"").append(c(middle)).append("\" text-anchor=\"middle\"")
        .append(" transform=\"rotate(-90 18 ").append(c(middle)).append(")\">").append(Html.escape(y.title()))
        .append("</text>\n</g>\n");

    for (Series line : series) {
      svg.append(path(line));
    }
    svg.append(legend());
    svg.append("</svg>\n");
    return svg.toString();
  }

  private String path(Series line) {
    var out = new StringBuilder();
    out.append("<g class=\"series-group\" data-series=\"").append(line.key()).append("\">\n");
    out.append("<path class=\"series series-").append(line.key()).append(line.dashed() ? " dashed" : "")
        .append("\" data-series=\"").append(line.key()).append("\" data-points=\"").append(line.points().size())
        .append("\" d=\"");
    boolean first = true;
    for (Series.Point point : line.points()) {
      out.append(first ? "M" : " L").append(c(px(point.x()))).append(',').append(c(py(point.y())));
      first = false;
    }
    out.append("\"/>\n");
    if (!line.dashed()) {
      for (Series.Point point : line.points()) {
        out.append("<circle class=\"marker series-").append(line.key()).append("\" cx=\"").append(c(px(point.x())))
            .append("\" cy=\"").append(c(py(point.y()))).append("\" r=\"2.5\"><title>")
            .append(Html.escape(point.tooltip())).append("</title></circle>");
      }
      out.append('\n');
    }
    out.append("</g>\n");
    return out.toString();
  }

  private String legend() {
    var out = new StringBuilder("<g class=\"legend\">\n");
    double at = LEFT;
    for (Series line : series) {
      out.append("<g class=\"legend-item\" data-series=\"").append(line.key()).append("\">");
      out.append("<line class=\"series series-").append(line.key()).append(line.dashed() ? " dashed" : "")
          .append("\" x1=\"").append(c(at)).append("\" y1=\"18\" x2=\"").append(c(at + 28)).append("\" y2=\"18\"/>");
      out.append("<text class=\"legend-label\" x=\"").append(c(at + 34)).append("\" y=\"22\">")
          .append(Html.escape(line.label())).append("</text></g>\n");
      // Wide enough for the label at the chart's font size; the labels are short ("gateway p99 …" is not one).
      at += 48 + 7.2 * line.label().length();
    }
    return out.append("</g>\n").toString();
  }

  private static String c(double value) {
    return Figures.coordinate(value);
  }
}
