package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run shaped by another arrival schedule and observed request by request, against a real HTTP server. */
class LoadTestHooksTest {
  private StubServer server;

  @BeforeEach
  void startServer() {
    server = StubServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** 100 measured requests: 50 in the first 500 ms, 50 in the next 100 ms. */
  private static final ArrivalSchedule FRONT_THEN_BURST = new ArrivalSchedule() {
    @Override
    public long requests() {
      return 100;
    }

    @Override
    public long offsetNanos(long index) {
      return index < 50 ? index * 10_000_000L : 500_000_000L + (index - 50) * 2_000_000L;
    }
  };

  @Test
  void shouldSendTheMeasuredPhaseOnTheScheduleAndReportEveryOutcomeWithItsIntendedOffset() {
    server.respondWith(arrival -> arrival % 10 == 9 ? 503 : 200);
    var offsets = new ArrayList<Long>();
    var outcomes = new ArrayList<RequestOutcome>();
    var start = new AtomicLong(-1);
    RequestObserver observer = new RequestObserver() {
      @Override
      public void onMeasuredStart(long measuredStartNanos) {
        start.set(measuredStartNanos);
      }

      @Override
      public void onOutcome(long intendedOffsetNanos, RequestOutcome outcome) {
        offsets.add(intendedOffsetNanos);
        outcomes.add(outcome);
      }
    };
    LoadTestConfig config = LoadTestConfig.builder(server.target()).ratePerSecond(100)
        .duration(Duration.ofSeconds(1)).warmup(Duration.ofMillis(200)).timeout(Duration.ofSeconds(3))
        .devices(DevicePool.random(20, 3)).build();

    LoadReport report = LoadTest.run(config, new AdPodRequests(config.devices(), config.tmax(), config.seed()),
        new RunHooks(Optional.of(FRONT_THEN_BURST), observer), progress -> { });

    assertThat(start.get()).as("told when the measured phase begins").isPositive();
    assertThat(report.scheduled()).as("the schedule's count, not rate x duration").isEqualTo(100);
    assertThat(server.arrivals()).as("20 warm-up requests at the config's rate, then the schedule").isEqualTo(120);
    assertThat(outcomes).as("measured requests only").hasSize(100);
    List<Long> sorted = new ArrayList<>(offsets);
    sorted.sort(null);
    assertThat(sorted.get(0)).isZero();
    assertThat(sorted.get(50)).isEqualTo(500_000_000L);
    assertThat(sorted.get(99)).isEqualTo(598_000_000L);
    assertThat(outcomes).allSatisfy(outcome -> {
      assertThat(outcome).isInstanceOf(RequestOutcome.Answered.class);
      var answered = (RequestOutcome.Answered) outcome;
      assertThat(answered.latencyNanos()).isGreaterThanOrEqualTo(answered.serviceNanos()).isPositive();
    });
    assertThat(outcomes.stream().filter(o -> ((RequestOutcome.Answered) o).status() == 503).count())
        .isEqualTo(report.status(503)).isPositive();
  }

  @Test
  void shouldReportTimeoutsWithTheTimeTheyTook() {
    server.delay(Duration.ofMillis(400));
    var outcomes = new ArrayList<RequestOutcome>();
    LoadTestConfig config = LoadTestConfig.builder(server.target()).ratePerSecond(20)
        .duration(Duration.ofMillis(500)).warmup(Duration.ZERO).timeout(Duration.ofMillis(100))
        .devices(DevicePool.random(5, 3)).build();

    LoadTest.run(config, new AdPodRequests(config.devices(), config.tmax(), config.seed()),
        new RunHooks(Optional.empty(), (offset, outcome) -> outcomes.add(outcome)), progress -> { });

    assertThat(outcomes).hasSize(10).allSatisfy(outcome -> {
      assertThat(outcome).isInstanceOf(RequestOutcome.Failed.class);
      var failed = (RequestOutcome.Failed) outcome;
      assertThat(failed.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(failed.serviceNanos()).isGreaterThanOrEqualTo(100_000_000L);
    });
  }
}
