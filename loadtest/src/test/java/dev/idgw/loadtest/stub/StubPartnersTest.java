package dev.idgw.loadtest.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.loadtest.truth.AgeBand;
import dev.idgw.loadtest.truth.ConsentTruth;
import dev.idgw.loadtest.truth.DeviceTruth;
import dev.idgw.loadtest.truth.IdentityOracle;
import dev.idgw.loadtest.truth.PayloadInspector;
import dev.idgw.loadtest.truth.RegionRules;
import dev.idgw.loadtest.truth.RequestTruth;
import dev.idgw.loadtest.truth.TruthRegistry;
import dev.idgw.loadtest.truth.ViolationKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stubs over real HTTP on loopback: bids, failures, and judging only the gateway path. */
class StubPartnersTest {
  private static final String DEVICE = "6f1c2d3e-0000-4000-8000-0000000000bb";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final TruthRegistry registry = new TruthRegistry();
  private final CheckLedger ledger = new CheckLedger();
  private StubPartners stubs;

  @AfterEach
  void stop() {
    if (stubs != null) {
      stubs.close();
    }
  }

  private PartnerProfile start(StubBehavior behavior) {
    stubs = StubPartners.start(PartnerProfile.standard(1), behavior, registry,
        new PayloadInspector(new IdentityOracle(RegionRules.readme())), ledger);
    return stubs.profiles().get(0);
  }

  private HttpResponse<String> post(PartnerProfile partner, String path, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(stubs.origin(partner) + path))
        .timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject payload(String ifa) {
    var device = new JsonObject().put("devicetype", 3);
    if (ifa != null) {
      device.put("ifa", ifa);
    }
    return new JsonObject().put("id", "rid-7")
        .put("imp", new JsonArray().add(new JsonObject().put("id", "1")).add(new JsonObject().put("id", "2")))
        .put("app", new JsonObject().put("content", new JsonObject().put("id", "tok-7")))
        .put("device", device);
  }

  @Test
  void shouldBidTwicePerImpWithFifteenAndThirtySecondVastAds() throws Exception {
    PartnerProfile partner = start(StubBehavior.DEFAULT);

    HttpResponse<String> response = post(partner, PartnerProfile.GATEWAY_PATH, payload(null));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject answer = new JsonObject(response.body());
    assertThat(answer.getString("id")).isEqualTo("rid-7");
    JsonArray bids = answer.getJsonArray("seatbid").getJsonObject(0).getJsonArray("bid");
    assertThat(bids).hasSize(4);
    assertThat(bids.stream().map(bid -> ((JsonObject) bid).getInteger("dur"))).containsExactly(15, 30, 15, 30);
    assertThat(bids.getJsonObject(0).getString("adm")).startsWith("<VAST version=\"4.2\">");
    assertThat(bids.getJsonObject(0).getJsonArray("adomain").getString(0))
        .isNotEqualTo(bids.getJsonObject(1).getJsonArray("adomain").getString(0));
  }

  @Test
  void shouldJudgeGatewayPayloadsAndRecordIdentityForTheShareCheck() throws Exception {
    PartnerProfile partner = start(StubBehavior.DEFAULT);
    var denied = new DeviceTruth("denied", DEVICE, new ConsentTruth(false, "US-CA", AgeBand.ADULT), null);
    registry.register(new RequestTruth("tok-7", denied, null, false, false, false, null, List.of()));

    post(partner, PartnerProfile.GATEWAY_PATH, payload(DEVICE.toUpperCase(java.util.Locale.ROOT)));
    post(partner, PartnerProfile.BASELINE_PATH, payload(DEVICE));
    assertThat(ledger.payloads()).as("judged later, not while answering").isZero();
    registry.forgetAll(); // the truth was taken on arrival

    assertThat(stubs.judgePending()).isEqualTo(1);
    assertThat(ledger.payloads()).as("the baseline path is not judged").isEqualTo(1);
    assertThat(ledger.violations(ViolationKind.DEVICE_ID_NOT_ALLOWED)).isEqualTo(1);
    assertThat(ledger.sentIdentities()).containsExactly(new SentIdentity("rid-7", partner.id(), 2));
  }

  @Test
  void shouldFailEveryAnswerWhenToldTo() throws Exception {
    PartnerProfile partner = start(new StubBehavior(Duration.ZERO, Duration.ZERO, 2, 1.0, 3));

    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = post(partner, PartnerProfile.GATEWAY_PATH, payload(null));
      boolean garbage = response.statusCode() == 200;
      assertThat(garbage || response.statusCode() == 500).isTrue();
      if (garbage) {
        assertThat(response.body()).doesNotContain("\"bid\":[{");
      }
    }
  }

  @Test
  void shouldAnswerGarbageWhileSwitchedToItAndStillJudgeWhatItReceives() throws Exception {
    PartnerProfile partner = start(StubBehavior.DEFAULT);
    var heard = new java.util.concurrent.atomic.AtomicInteger();
    ledger.listen((identityBearing, arrivalNanos) -> heard.incrementAndGet());

    stubs.answerWithGarbage(partner, true);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = post(partner, PartnerProfile.GATEWAY_PATH, payload(null));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> new JsonObject(response.body())).as("not JSON").isInstanceOf(RuntimeException.class);
    }
    stubs.answerWithGarbage(partner, false);
    HttpResponse<String> healthy = post(partner, PartnerProfile.GATEWAY_PATH, payload(null));

    assertThat(new JsonObject(healthy.body()).getJsonArray("seatbid")).isNotEmpty();
    stubs.judgePending();
    assertThat(ledger.payloads()).as("garbage or not, every payload is judged").isEqualTo(4);
    assertThat(heard.get()).as("and the listener hears of each").isEqualTo(4);
  }

  @Test
  void shouldWriteTheProfileThatItJudgesByIntoPartnersYaml() {
    List<PartnerProfile> partners = PartnerProfile.standard(4);

    assertThat(partners).extracting(PartnerProfile::id).containsExactly("acme-ssp", "brightline", "measurely",
        "acme-ssp-4");
    assertThat(partners.get(2).toYaml("http://127.0.0.1:9"))
        .contains("id: measurely", "endpoint: http://127.0.0.1:9/openrtb2/bid", "role: service_provider",
            "identityFields: [hashed_email, ip]", "format: sha256_base64", "strippedIp: truncate");
  }
}
