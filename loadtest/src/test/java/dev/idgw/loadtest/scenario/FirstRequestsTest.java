package dev.idgw.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.loadtest.ErrorKind;
import dev.idgw.loadtest.RequestOutcome;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FirstRequestsTest {
  private static long ms(double millis) {
    return Math.round(millis * 1_000_000);
  }

  @Test
  void shouldOrderByDueTimeNotByArrivalAndCompareTheFirstHundredWithTheLast() {
    var observer = new FirstRequests();
    // 300 requests, 10 ms apart, heard in reverse order: the first (due at 0) was slow, the rest 2 ms.
    for (int i = 299; i >= 0; i--) {
      long due = TimeUnit.MILLISECONDS.toNanos(10L * i);
      double service = i == 0 ? 450 : i < 10 ? 20 : 2;
      observer.onOutcome(due, new RequestOutcome.Answered(200, ms(service + 1), ms(service)));
    }
    observer.onOutcome(TimeUnit.SECONDS.toNanos(3), new RequestOutcome.Failed(ErrorKind.TIMEOUT, ms(1000)));

    FirstRequests.Summary summary = observer.summary("gateway");

    assertThat(summary.requests()).isEqualTo(301);
    assertThat(summary.failures()).isEqualTo(1);
    assertThat(summary.firstMillis()).isEqualTo(450);
    assertThat(summary.maxFirstTenMillis()).isEqualTo(450);
    assertThat(summary.p50FirstHundredMillis()).isEqualTo(2);
    assertThat(summary.p50LastHundredMillis()).isEqualTo(2);
    assertThat(summary.maxLastHundredMillis()).as("the failure counts with its time").isEqualTo(1000);
    assertThat(summary.toJson().getDouble("first_ms")).isEqualTo(450.0);
  }

  @Test
  void shouldSayNothingWithoutRequests() {
    assertThat(new FirstRequests().summary("baseline").firstMillis()).isNaN();
  }
}
