package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LoadReportTest {

  private static LoadReport report(Map<Integer, Long> statuses, Map<ErrorKind, Long> errors) {
    long responses = statuses.values().stream().mapToLong(Long::longValue).sum();
    long failed = errors.values().stream().mapToLong(Long::longValue).sum();
    long dropped = errors.getOrDefault(ErrorKind.DROPPED_BY_GENERATOR, 0L);
    return new LoadReport("gateway", URI.create("http://127.0.0.1:8080/openrtb2/adpod"), 500, 498.7,
        Duration.ofSeconds(30), Duration.ofSeconds(5), responses + failed, responses + failed - dropped,
        new TreeMap<>(statuses), errors,
        new LoadReport.Latency(responses, 1.2, 3.4, 9.9, 20.5, 31.0), Duration.ofMillis(4));
  }

  @Test
  void shouldSummariseCountsAndClasses() {
    LoadReport report = report(Map.of(200, 900L, 204, 80L, 400, 5L, 503, 15L),
        Map.of(ErrorKind.TIMEOUT, 3L, ErrorKind.DROPPED_BY_GENERATOR, 2L));

    assertThat(report.responses()).isEqualTo(1000);
    assertThat(report.errorCount()).isEqualTo(5);
    assertThat(report.scheduled()).isEqualTo(report.responses() + report.errorCount());
    assertThat(report.sent()).isEqualTo(1003);
    assertThat(report.statusClasses()).containsExactlyEntriesOf(new TreeMap<>(Map.of("2xx", 980L, "4xx", 5L, "5xx", 15L)));
    assertThat(report.errors()).containsOnlyKeys(ErrorKind.values()).containsEntry(ErrorKind.CONNECT, 0L);
    assertThat(report.targetUnreachable()).isFalse();
  }

  @Test
  void shouldWriteTheDocumentedJsonShape() {
    JsonObject json = report(Map.of(200, 10L, 503, 1L), Map.of(ErrorKind.IO, 1L)).toJson();

    assertThat(json.fieldNames()).containsExactly("label", "target", "target_rate", "achieved_rate", "duration_ms",
        "warmup_ms", "requests", "status", "status_class", "errors", "latency_ms", "latency_percentiles", "per_second",
        "max_generator_lag_ms");
    assertThat(json.getString("label")).isEqualTo("gateway");
    assertThat(json.getDouble("achieved_rate")).isEqualTo(498.7);
    assertThat(json.getJsonObject("requests").getMap())
        .containsEntry("scheduled", 12L).containsEntry("sent", 12L).containsEntry("responses", 11L).containsEntry("errors", 1L);
    assertThat(json.getJsonObject("status").getMap()).containsEntry("200", 10L).containsEntry("503", 1L);
    assertThat(json.getJsonObject("errors").fieldNames())
        .containsExactly("timeout", "connect", "io", "dropped_by_generator");
    assertThat(json.getJsonObject("latency_ms").fieldNames())
        .containsExactly("count", "p50", "p90", "p99", "p99_9", "max");
    assertThat(json.getDouble("max_generator_lag_ms")).isEqualTo(4.0);
    assertThat(new JsonObject(json.encodePrettily())).isEqualTo(json);
  }

  @Test
  void shouldPrintAReadableTable() {
    String table = report(Map.of(200, 10L), Map.of()).toTable();

    assertThat(table).contains("achieved rate", "498.7 req/s", "status 200", "dropped_by_generator",
        "latency p99.9", "20.500 ms", "max generator lag");
    assertThat(table.lines()).allMatch(line -> line.matches("\\S.*\\s{2,}\\S.*|\\s{2}\\S.*\\s{2,}\\S.*"));
  }

  @Test
  void shouldCallTheTargetUnreachableOnlyWhenNothingAnsweredAndConnectsFailed() {
    assertThat(report(Map.of(), Map.of(ErrorKind.CONNECT, 5L)).targetUnreachable()).isTrue();
    assertThat(report(Map.of(), Map.of(ErrorKind.TIMEOUT, 5L)).targetUnreachable()).isFalse();
    assertThat(report(Map.of(200, 1L), Map.of(ErrorKind.CONNECT, 5L)).targetUnreachable()).isFalse();
  }
}
