package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator against a real HTTP server on loopback. Each run lasts one or two seconds. */
class LoadTestAgainstStubServerTest {
  private static final double RATE = 200;

  private StubServer server;

  @BeforeEach
  void startServer() {
    server = StubServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private LoadTestConfig.Builder config() {
    return LoadTestConfig.builder(server.target())
        .ratePerSecond(RATE)
        .duration(Duration.ofSeconds(2))
        .warmup(Duration.ZERO)
        // Generous, so a busy build machine does not turn slow answers into timeouts; the tests about
        // timeouts set their own.
        .timeout(Duration.ofSeconds(3))
        .devices(DevicePool.random(50, 7));
  }

  @Test
  void shouldHoldTheTargetRateAndAccountForEveryRequest() {
    server.respondWith(arrival -> arrival % 4 == 0 ? 204 : 200);
    List<Progress> progress = new CopyOnWriteArrayList<>();

    LoadReport report = LoadTest.run(config().warmup(Duration.ofMillis(500)).build(), progress::add);

    assertThat(report.achievedRatePerSecond()).isCloseTo(RATE, withinPercentage(20));
    assertThat(report.scheduled()).isEqualTo(400);
    assertThat(report.sent()).isEqualTo(400);
    assertThat(report.errorCount()).isZero();
    assertThat(report.status(200) + report.status(204)).isEqualTo(report.responses()).isEqualTo(400);
    assertThat(report.status(204)).isPositive();
    assertThat(report.latency().count()).isEqualTo(report.responses());
    assertThat(server.arrivals()).as("warmup is sent, just not recorded").isEqualTo(100 + 400);
    assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line.line()).contains("sent="));
    assertThat(progress).extracting(Progress::phase).contains(Progress.Phase.MEASURE);
  }

  @Test
  void shouldPostOpenRtbAdPodRequestsWithUniqueIds() {
    LoadTest.run(config().duration(Duration.ofMillis(500)).header("Authorization", "Bearer test").build());

    List<StubServer.Received> received = server.received();
    assertThat(received).hasSize(100).allSatisfy(request -> {
      assertThat(request.path()).isEqualTo(LoadTestConfig.DEFAULT_PATH);
      assertThat(request.headers().get("content-type")).isEqualTo("application/json");
      assertThat(request.headers().get("authorization")).isEqualTo("Bearer test");
      assertThat(request.body().getString("id")).startsWith("lt-");
      assertThat(request.body().getJsonArray("imp")).isNotEmpty();
    });
    var ids = new HashSet<String>();
    var gpcHeaders = new ArrayList<String>();
    for (var request : received) {
      ids.add(request.body().getString("id"));
      if (request.headers().contains("Sec-GPC")) {
        gpcHeaders.add(request.headers().get("Sec-GPC"));
      }
    }
    assertThat(ids).hasSize(100);
    assertThat(gpcHeaders).isNotEmpty().containsOnly("1");
  }

  @Test
  void shouldMeasureASlowServersLatency() {
    server.delay(Duration.ofMillis(100));

    LoadReport report = LoadTest.run(config().duration(Duration.ofMillis(1500)).build());

    assertThat(report.errorCount()).isZero();
    assertThat(report.latency().count()).isEqualTo(300);
    assertThat(report.latency().p50Millis()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void shouldCountAStallFromTheIntendedSendTime() {
    // Four connections, all held by the stall: later requests wait in the generator's own pool. A
    // closed-loop tool would time them from when they finally left and miss most of the stall.
    server.stall(Duration.ofMillis(500), Duration.ofMillis(600));

    LoadReport report = LoadTest.run(config().connections(4).build());

    assertThat(report.errorCount()).isZero();
    assertThat(report.responses()).isEqualTo(400);
    // ~120 of 400 requests were due during the 600 ms stall, waiting between 600 ms and ~0.
    assertThat(report.latency().p99Millis()).isGreaterThanOrEqualTo(500);
    assertThat(report.latency().p90Millis()).isGreaterThanOrEqualTo(250);
  }

  @Test
  void shouldCountTimeoutsAsErrorsAndStillStopOnTime() {
    server.delay(Duration.ofMillis(5000));
    LoadTestConfig config = config().duration(Duration.ofSeconds(1)).timeout(Duration.ofMillis(100)).build();

    long started = System.nanoTime();
    LoadReport report = LoadTest.run(config);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(report.responses()).isZero();
    assertThat(report.errors(ErrorKind.TIMEOUT)).isEqualTo(report.scheduled()).isEqualTo(200);
    assertThat(report.latency().count()).isZero();
    // Waiting for the server's answers would take 6 s; the run must end about 1.1 s in.
    assertThat(took).isLessThan(Duration.ofMillis(1000 + 100 + 2500));
  }

  @Test
  void shouldDropRatherThanQueueAboveTheInFlightCap() {
    server.delay(Duration.ofMillis(5000));
    LoadTestConfig config = config().duration(Duration.ofSeconds(1)).timeout(Duration.ofMillis(300))
        .maxInFlight(10).build();

    LoadReport report = LoadTest.run(config);

    long dropped = report.errors(ErrorKind.DROPPED_BY_GENERATOR);
    assertThat(dropped).isPositive();
    assertThat(report.sent()).isEqualTo(report.scheduled() - dropped);
    assertThat(report.errors(ErrorKind.TIMEOUT)).isEqualTo(report.sent());
    assertThat(report.errorCount()).isEqualTo(report.scheduled()).isEqualTo(200);
  }

  @Test
  void shouldReportConnectErrorsWhenNothingListens() {
    var closedTarget = server.target();
    server.close();

    LoadReport report = LoadTest.run(LoadTestConfig.builder(closedTarget).ratePerSecond(RATE)
        .duration(Duration.ofMillis(500)).warmup(Duration.ZERO).build());

    assertThat(report.errors(ErrorKind.CONNECT)).isEqualTo(report.scheduled()).isEqualTo(100);
    assertThat(report.targetUnreachable()).isTrue();
    server = StubServer.start(); // for @AfterEach
  }
}
