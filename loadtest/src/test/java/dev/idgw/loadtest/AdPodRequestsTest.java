package dev.idgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AdPodRequestsTest {
  private static final DevicePool DEVICES = DevicePool.random(20, 3);
  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private static List<AdPodRequest> generate(long seed, int count) {
    var generator = new AdPodRequests(DEVICES, Duration.ofMillis(250), seed);
    var requests = new ArrayList<AdPodRequest>();
    for (int n = 0; n < count; n++) {
      requests.add(generator.next(n));
    }
    return requests;
  }

  @Test
  void shouldBeReproducibleFromTheSeed() {
    assertThat(generate(9, 50)).isEqualTo(generate(9, 50));
    assertThat(generate(9, 50)).isNotEqualTo(generate(10, 50));
  }

  @Test
  void shouldNumberRequestsAndCarryCommonFields() {
    List<AdPodRequest> requests = generate(1, 200);

    for (int n = 0; n < requests.size(); n++) {
      JsonObject body = requests.get(n).body();
      assertThat(body.getString("id")).isEqualTo("lt-" + n).isEqualTo(requests.get(n).id());
      assertThat(body.getLong("tmax")).isEqualTo(250);
      assertThat(body.getJsonObject("app").getString("bundle")).isNotBlank();
      JsonObject device = body.getJsonObject("device");
      assertThat(DEVICES.ids()).contains(device.getString("ifa"));
      assertThat(device.getString("ip")).matches("(203\\.0\\.113|198\\.51\\.100)\\.([1-9]|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-4])");
      assertThat(device.getInteger("devicetype")).isEqualTo(3);
    }
  }

  @Test
  void shouldShapeDynamicPods() {
    AdPodRequest dynamic = first(AdPodRequest.Kind.DYNAMIC_POD);
    JsonArray imps = dynamic.body().getJsonArray("imp");

    assertThat(imps).hasSize(1);
    JsonObject video = imps.getJsonObject(0).getJsonObject("video");
    assertThat(video.getInteger("poddur")).isEqualTo(60);
    assertThat(video.getInteger("maxseq")).isEqualTo(4);
    assertThat(video.getInteger("minduration")).isEqualTo(5);
    assertThat(video.getInteger("maxduration")).isEqualTo(30);
  }

  @Test
  void shouldShapeStructuredPodsAsThreeImpsSharingAPodId() {
    AdPodRequest structured = first(AdPodRequest.Kind.STRUCTURED_POD);
    JsonArray imps = structured.body().getJsonArray("imp");

    assertThat(imps).hasSize(3);
    var podIds = new ArrayList<String>();
    var impIds = new ArrayList<String>();
    for (int i = 0; i < imps.size(); i++) {
      podIds.add(imps.getJsonObject(i).getJsonObject("video").getString("podid"));
      impIds.add(imps.getJsonObject(i).getString("id"));
    }
    assertThat(podIds).doesNotContainNull().containsOnly(podIds.get(0));
    assertThat(impIds).doesNotHaveDuplicates();
  }

  @Test
  void shouldMixShapesAndPrivacySignalsInRoughlyTheConfiguredShares() {
    List<AdPodRequest> requests = generate(5, 2000);

    assertThat(share(requests, r -> r.kind() == AdPodRequest.Kind.STRUCTURED_POD)).isBetween(0.45, 0.55);
    assertThat(share(requests, AdPodRequest::globalPrivacyControl)).isBetween(0.07, 0.13);
    assertThat(share(requests, r -> r.body().getJsonObject("device").getInteger("lmt", 0) == 1)).isBetween(0.07, 0.13);
    assertThat(share(requests, r -> r.body().containsKey("regs"))).isBetween(0.16, 0.24);
    assertThat(requests).filteredOn(r -> r.body().containsKey("regs"))
        .allSatisfy(r -> assertThat(r.body().getJsonObject("regs").getString("us_privacy")).isEqualTo("1YYN"));
  }

  @Test
  void shouldDrawAReproducibleRandomDevicePoolOfUuids() {
    DevicePool pool = DevicePool.random(100, 11);

    assertThat(pool.ids()).hasSize(100).doesNotHaveDuplicates().allMatch(id -> UUID_V4.matcher(id).matches());
    assertThat(pool).isEqualTo(DevicePool.random(100, 11));
  }

  private static AdPodRequest first(AdPodRequest.Kind kind) {
    return generate(1, 50).stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
  }

  private static double share(List<AdPodRequest> requests, java.util.function.Predicate<AdPodRequest> test) {
    return requests.stream().filter(test).count() / (double) requests.size();
  }
}
