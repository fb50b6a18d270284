package dev.idgw.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Where the plot puts its points: the percentile axis's log scale, the value axis, the path and its labels. */
class LineChartTest {
  private static final PercentileAxis THREE_NINES = new PercentileAxis("percentile", 3);
  private static final LinearAxis MILLIS = new LinearAxis("latency (ms)", 50, 10);

  private static LineChart chart(List<Series> series) {
    return new LineChart("latency-plot", "Latency", THREE_NINES, MILLIS, series);
  }

  @Test
  void shouldPlaceEachNineOneDecadeFurtherRight() {
    LineChart chart = chart(List.of());
    double width = LineChart.WIDTH - LineChart.LEFT - LineChart.RIGHT;

    assertThat(chart.px(0)).isCloseTo(LineChart.LEFT, within(1e-9));
    assertThat(chart.px(90)).isCloseTo(LineChart.LEFT + width / 3, within(1e-6));
    assertThat(chart.px(99)).isCloseTo(LineChart.LEFT + 2 * width / 3, within(1e-6));
    assertThat(chart.px(99.9)).isCloseTo(LineChart.LEFT + width, within(1e-6));
    assertThat(THREE_NINES.ticks()).extracting(Axis.Tick::label).containsExactly("0%", "90%", "99%", "99.9%");
  }

  @Test
  void shouldMapHigherPercentilesFurtherRightAndLongerLatenciesHigherUp() {
    LineChart chart = chart(List.of());
    double previousX = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= 9_990; i++) {
      double percentile = i / 100.0; // 0 % .. 99.9 % in steps of 0.01
      double x = chart.px(percentile);
      assertThat(x).as("x of p%s", percentile).isGreaterThan(previousX);
      previousX = x;
    }
    double previousY = Double.POSITIVE_INFINITY;
    for (int ms = 0; ms <= 50; ms++) {
      double y = chart.py(ms);
      assertThat(y).as("y of %d ms", ms).isLessThan(previousY); // SVG rows count downwards
      previousY = y;
    }
    assertThat(chart.py(0)).isEqualTo(LineChart.HEIGHT - LineChart.BOTTOM);
    assertThat(chart.py(50)).isEqualTo(LineChart.TOP);
  }

  @Test
  void shouldCoverTheHighestPercentileWithWholeNines() {
    assertThat(PercentileAxis.covering("p", 99.8).decades()).isEqualTo(3);
    assertThat(PercentileAxis.covering("p", 99.9).decades()).isEqualTo(3);
    assertThat(PercentileAxis.covering("p", 99.95).decades()).isEqualTo(4);
    assertThat(PercentileAxis.covering("p", 50).decades()).isEqualTo(2);
    assertThat(PercentileAxis.distance(100)).isInfinite();
    assertThat(THREE_NINES.holds(100)).isFalse();
  }

  @Test
  void shouldChooseRoundValueTicks() {
    LinearAxis axis = LinearAxis.upTo("ms", 54.751);

    assertThat(axis.max()).isEqualTo(60);
    assertThat(axis.ticks()).extracting(Axis.Tick::label).containsExactly("0", "10", "20", "30", "40", "50", "60");
    assertThat(LinearAxis.upTo("req/s", 0).max()).isPositive();
    assertThat(LinearAxis.upTo("req/s", 0.3).ticks()).extracting(Axis.Tick::label).contains("0.1");
  }

  @Test
  void shouldDrawOnePathPointPerDataPointInOrder() {
    var points = new ArrayList<Series.Point>();
    for (double p : new double[] {0, 50, 90, 99, 99.9}) {
      points.add(new Series.Point(p, p / 2, "p" + p));
    }
    LineChart chart = chart(List.of(new Series("gateway", "gateway", points, false)));

    String svg = chart.svg();

    Matcher path = Pattern.compile("<path class=\"series series-gateway\" data-series=\"gateway\" data-points=\"5\" d=\"([^\"]+)\"")
        .matcher(svg);
    assertThat(path.find()).as(svg).isTrue();
    String[] commands = path.group(1).split(" ");
    assertThat(commands).hasSize(5);
    assertThat(commands[0]).startsWith("M");
    double previous = Double.NEGATIVE_INFINITY;
    for (String command : commands) {
      double x = Double.parseDouble(command.substring(1).split(",")[0]);
      assertThat(x).isGreaterThan(previous);
      previous = x;
    }
    assertThat(svg).contains("<circle class=\"marker series-gateway\"").contains("<title>p99.9</title>");
  }

  @Test
  void shouldEscapeEveryLabel() {
    var hostile = "<script>alert('x')</script> & \"quoted\"";
    LineChart chart = new LineChart("throughput-plot", hostile, new LinearAxis(hostile, 10, 5), MILLIS,
        List.of(new Series("baseline", hostile, List.of(new Series.Point(1, 1, hostile)), false)));

    String svg = chart.svg();

    assertThat(svg).doesNotContain("<script").doesNotContain("'x'").doesNotContain("\"quoted\"")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;");
    assertThatThrownBy(() -> new Series("gate\"way", "x", List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LineChart("a b", "t", THREE_NINES, MILLIS, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
