package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadTestConfigTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.255.3.4", "localhost", "LOCALHOST", "[::1]", "::1",
      "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]"})
  void shouldTreatLoopbackLiteralsAsLoopback(String host) {
    assertThat(LoopbackHosts.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "128.0.0.1", "0.0.0.0", "192.168.1.10", "example.com", "localhost.example.com",
      "127.0.0.1.nip.io", "127.0.0.256", "[::2]", "[fe80::1]", "127.1", ""})
  void shouldTreatEverythingElseAsRemote(String host) {
    assertThat(LoopbackHosts.isLoopback(host)).isFalse();
  }

  @Test
  void shouldRefuseARemoteTargetFromJavaToo() {
    assertThatThrownBy(() -> LoadTestConfig.builder(URI.create("http://192.0.2.1:8080")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-loopback");
    assertThat(LoadTestConfig.builder(URI.create("http://192.0.2.1:8080")).allowNonLoopback(true).build().target())
        .hasHost("192.0.2.1");
  }

  @Test
  void shouldAddTheAdPodPathToABareOrigin() {
    assertThat(target("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080/openrtb2/adpod");
    assertThat(target("http://localhost:8080/")).isEqualTo("http://localhost:8080/openrtb2/adpod");
    assertThat(target("http://[::1]:8080/custom?x=1")).isEqualTo("http://[::1]:8080/custom?x=1");
  }

  @Test
  void shouldCountRequestsPerPhaseFromTheRate() {
    LoadTestConfig config = LoadTestConfig.builder(URI.create("http://127.0.0.1:1"))
        .ratePerSecond(200).warmup(Duration.ofMillis(500)).duration(Duration.ofSeconds(2)).build();

    assertThat(config.warmupRequests()).isEqualTo(100);
    assertThat(config.measuredRequests()).isEqualTo(400);
  }

  @Test
  void shouldRejectNonsense() {
    var base = URI.create("http://127.0.0.1:1");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).ratePerSecond(0).build())
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).ratePerSecond(Double.NaN).build())
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).duration(Duration.ZERO).build())
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).warmup(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("warmup");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).timeout(Duration.ZERO).build())
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).maxInFlight(0).build())
        .hasMessageContaining("in-flight");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).header("Bad Name", "x").build())
        .hasMessageContaining("header");
    assertThatThrownBy(() -> LoadTestConfig.builder(base).header("X-Ok", "a\r\nInjected: 1").build())
        .hasMessageContaining("header");
    assertThatThrownBy(() -> LoadTestConfig.builder(URI.create("https://127.0.0.1:1")).build())
        .hasMessageContaining("http://");
  }

  private static String target(String uri) {
    return LoadTestConfig.builder(URI.create(uri)).build().target().toString();
  }
}
