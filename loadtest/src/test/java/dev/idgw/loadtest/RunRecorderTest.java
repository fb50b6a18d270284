package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the report's plots are drawn from: the percentile distribution and the counts per second. */
class RunRecorderTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long START = 5 * SECOND;

  private static LoadTestConfig config() {
    return LoadTestConfig.builder(URI.create("http://127.0.0.1:8080")).ratePerSecond(100)
        .duration(Duration.ofSeconds(3)).warmup(Duration.ZERO).build();
  }

  @Test
  void shouldCountAnswersAndFailuresInTheSecondTheyEnded() {
    var recorder = new RunRecorder();
    recorder.onMeasuredStart(START);
    recorder.onResponse(true, 200, 1_000_000, START + 100_000_000);
    recorder.onResponse(true, 204, 1_000_000, START + 900_000_000);
    recorder.onResponse(true, 503, 1_000_000, START + SECOND + 1);
    recorder.onError(true, ErrorKind.TIMEOUT, START + 2 * SECOND + 5);
    recorder.onResponse(true, 200, 1_000_000, START + 2 * SECOND + 7);
    recorder.onResponse(false, 200, 1_000_000, START + 10); // warm-up: not measured, not counted

    PerSecondCounts perSecond = recorder.report(config()).perSecond();

    assertThat(perSecond.ok()).containsExactly(2L, 0L, 1L);
    assertThat(perSecond.failed()).containsExactly(0L, 1L, 1L);
  }

  @Test
  void shouldKeepTheHistogramsPercentileDistributionUpToTheMaximum() {
    var recorder = new RunRecorder();
    recorder.onMeasuredStart(START);
    for (int i = 1; i <= 1000; i++) {
      recorder.onResponse(true, 200, i * 100_000L, START); // 0.1 ms .. 100 ms
    }

    List<LoadReport.PercentilePoint> distribution = recorder.report(config()).latency().distribution();

    assertThat(distribution.size()).isGreaterThan(20);
    assertThat(distribution).extracting(LoadReport.PercentilePoint::percentile).isSorted();
    assertThat(distribution).extracting(LoadReport.PercentilePoint::millis).isSorted();
    assertThat(distribution.get(distribution.size() - 1).percentile()).isEqualTo(100.0);
    assertThat(distribution.get(distribution.size() - 1).millis()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.1));
    assertThat(distribution.get(distribution.size() - 1).count()).isEqualTo(1000);
    assertThat(distribution).anySatisfy(point -> assertThat(point.percentile()).isBetween(99.0, 99.95));
  }

  @Test
  void shouldWriteBothIntoTheJson() {
    var recorder = new RunRecorder();
    recorder.onMeasuredStart(START);
    recorder.onResponse(true, 200, 2_000_000, START + 1);

    JsonObject json = recorder.report(config()).toJson();

    assertThat(json.getJsonArray("latency_percentiles").getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("percentile", "ms", "count");
    assertThat(json.getJsonObject("per_second").getJsonArray("ok").getList()).containsExactly(1L);
    assertThat(json.getJsonObject("per_second").getJsonArray("failed").getList()).containsExactly(0L);
  }
}
