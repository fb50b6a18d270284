package dev.idgw.loadtest.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.loadtest.ArrivalSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurstScheduleTest {
  private static final FaultPlan PLAN = new FaultPlan(NamedFault.BURST_3X, Duration.ofSeconds(2),
      Duration.ofSeconds(2), Duration.ofSeconds(6));

  @Test
  void shouldSendThreeTimesTheRateOnlyInsideTheFaultWindow() {
    BurstSchedule schedule = BurstSchedule.of(PLAN, 100, 3);

    assertThat(schedule.requests()).isEqualTo(200 + 600 + 200);
    assertThat(schedule.offsetNanos(0)).isZero();
    assertThat(schedule.offsetNanos(199)).isEqualTo(1_990_000_000L);
    assertThat(schedule.offsetNanos(200)).as("the burst starts on time").isEqualTo(2_000_000_000L);
    assertThat(schedule.offsetNanos(203)).isEqualTo(2_010_000_000L);
    assertThat(schedule.offsetNanos(800)).as("and ends on time").isEqualTo(4_000_000_000L);
    assertThat(schedule.offsetNanos(999)).isEqualTo(5_990_000_000L);
    long inside = 0;
    for (long i = 0; i < schedule.requests(); i++) {
      assertThat(i == 0 || schedule.offsetNanos(i) >= schedule.offsetNanos(i - 1)).isTrue();
      if (PLAN.windowOf(schedule.offsetNanos(i)) == FaultWindow.DURING) {
        inside++;
      }
    }
    assertThat(inside).isEqualTo(600);
  }

  @Test
  void shouldBeTheConfigsFixedRateWithoutABurst() {
    ArrivalSchedule fixed = ArrivalSchedule.fixedRate(100, Duration.ofSeconds(6));
    BurstSchedule flat = BurstSchedule.of(PLAN, 100, 1);

    assertThat(flat.requests()).isEqualTo(fixed.requests()).isEqualTo(600);
    for (long i = 0; i < 600; i += 37) {
      assertThat(flat.offsetNanos(i)).isEqualTo(fixed.offsetNanos(i));
    }
  }
}
