package dev.idgw.loadtest.truth;

import static dev.idgw.loadtest.truth.Truths.adultWithEmail;
import static dev.idgw.loadtest.truth.Truths.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Crafted partner payloads against the truth: what a correct gateway sends passes, every leak is caught. */
class PayloadInspectorTest {
  private static final Set<Field> ALL = EnumSet.allOf(Field.class);

  private final PayloadInspector inspector = new PayloadInspector(new IdentityOracle(RegionRules.readme()));
  private final DeviceTruth device = adultWithEmail();
  private final RequestTruth optedOut = request(device).gpc().build();
  private final RequestTruth allowed = request(device).build();

  /** What the gateway sends when identity is stripped: contextual fields, lmt=1, IP truncated, no user. */
  private static JsonObject strippedPayload() {
    return new JsonObject()
        .put("id", "rid-1")
        .put("imp", new JsonArray().add(new JsonObject().put("id", "1")))
        .put("app", new JsonObject().put("name", "Example Stream").put("content", new JsonObject().put("id", "tok-1")))
        .put("device", new JsonObject().put("ip", "203.0.113.0").put("lmt", 1).put("devicetype", 3))
        .put("regs", new JsonObject().put("ext", new JsonObject().put("gpc", "1")));
  }

  private static JsonObject fullPayload(DeviceTruth device) {
    JsonObject payload = strippedPayload();
    payload.getJsonObject("device").put("ifa", device.deviceId()).put("ip", Truths.IP).put("lmt", 0);
    payload.put("user", new JsonObject().put("eids", new JsonArray().add(new JsonObject().put("source", "x.example")
        .put("uids", new JsonArray().add(new JsonObject().put("id", device.emailSha256Hex()).put("atype", 3))))));
    return payload;
  }

  private PayloadVerdict inspect(JsonObject payload, RequestTruth truth) {
    return inspector.inspect(payload.encode(), payload, List.of("application/json", "2.6"), PartnerRole.THIRD_PARTY,
        ALL, truth);
  }

  private static List<ViolationKind> kinds(PayloadVerdict verdict) {
    return verdict.violations().stream().map(PayloadVerdict.Violation::kind).toList();
  }

  @Test
  void shouldPassACorrectlyStrippedPayload() {
    PayloadVerdict verdict = inspect(strippedPayload(), optedOut);

    assertThat(verdict.matched()).isTrue();
    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.present()).isEmpty();
    assertThat(verdict.expectedAbsent()).isEmpty();
  }

  @Test
  void shouldPassAnAllowedPayloadAndSeeEveryField() {
    PayloadVerdict verdict = inspect(fullPayload(device), allowed);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.present()).containsExactlyInAnyOrder(Field.values());
    assertThat(verdict.identityBearing()).isTrue();
  }

  @Test
  void shouldCatchTheDeviceIdUpperCaseWithoutDashes() {
    JsonObject payload = strippedPayload();
    payload.getJsonObject("app").put("name", "Channel " + device.deviceIdCompactUpper());

    assertThat(kinds(inspect(payload, optedOut))).containsExactly(ViolationKind.DEVICE_ID_NOT_ALLOWED);
  }

  @Test
  void shouldCatchTheEmailHashAsBase64Anywhere() {
    JsonObject payload = strippedPayload();
    payload.getJsonObject("app").getJsonObject("content").put("title", device.emailSha256Base64());

    assertThat(kinds(inspect(payload, optedOut))).containsExactly(ViolationKind.HASHED_EMAIL_NOT_ALLOWED);
    String urlSafe = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(device.emailSha256());
    payload.getJsonObject("app").getJsonObject("content").put("title", urlSafe);
    assertThat(kinds(inspect(payload, optedOut))).containsExactly(ViolationKind.HASHED_EMAIL_NOT_ALLOWED);
  }

  @Test
  void shouldCatchTheEmailHashAsUpperCaseHexForAPartnerWithoutTheField() {
    JsonObject payload = fullPayload(device);
    payload.remove("user");
    payload.getJsonObject("app").put("name", device.emailSha256Hex().toUpperCase(java.util.Locale.ROOT));

    PayloadVerdict verdict = inspector.inspect(payload.encode(), payload, List.of(), PartnerRole.THIRD_PARTY,
        EnumSet.of(Field.DEVICE_ID, Field.IP), allowed);

    assertThat(kinds(verdict)).containsExactly(ViolationKind.HASHED_EMAIL_NOT_ALLOWED);
  }

  @Test
  void shouldCatchAFullIpButNotATruncatedOne() {
    JsonObject payload = strippedPayload();
    payload.getJsonObject("device").put("ip", Truths.IP);
    assertThat(kinds(inspect(payload, optedOut))).containsExactly(ViolationKind.IP_NOT_ALLOWED);

    payload.getJsonObject("device").put("ip", "203.0.113.71");
    assertThat(inspect(payload, optedOut).violations()).as("a longer address is another address").isEmpty();
  }

  @Test
  void shouldCatchALeakedMarkerInTheBodyOrAHeader() {
    JsonObject payload = strippedPayload().put("user", new JsonObject().put("id", "ltmark-1-user-id"));
    assertThat(kinds(inspect(payload, optedOut))).containsExactly(ViolationKind.MARKER);

    PayloadVerdict header = inspector.inspect(strippedPayload().encode(), strippedPayload(),
        List.of("uid=LTMARK-1-cookie"), PartnerRole.THIRD_PARTY, ALL, optedOut);
    assertThat(kinds(header)).containsExactly(ViolationKind.MARKER);
  }

  @Test
  void shouldCatchARawEmailEvenWhereIdentityIsAllowed() {
    JsonObject payload = fullPayload(device);
    payload.getJsonObject("app").put("name", "janedoe@gmail.com");

    assertThat(kinds(inspect(payload, allowed))).contains(ViolationKind.RAW_EMAIL).doesNotContain(
        ViolationKind.HASHED_EMAIL_NOT_ALLOWED);
  }

  @Test
  void shouldCatchAnIdentifierThatIsNotTheDevicesOwn() {
    JsonObject payload = fullPayload(device);
    payload.getJsonObject("user").getJsonArray("eids").getJsonObject(0).getJsonArray("uids").getJsonObject(0)
        .put("id", "somebody-else");
    payload.getJsonObject("device").put("ifa", "11111111-2222-4333-8444-555555555555");

    assertThat(kinds(inspect(payload, allowed))).containsOnly(ViolationKind.UNRECOGNIZED_IDENTITY).hasSize(2);
  }

  @Test
  void shouldCountAllowedButAbsentFieldsAsASoftMismatch() {
    PayloadVerdict verdict = inspect(strippedPayload(), allowed);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.expectedAbsent()).containsExactlyInAnyOrder(Field.values());
  }

  @Test
  void shouldStillCatchMarkersWhenThePayloadMatchesNoKnownRequest() {
    JsonObject payload = strippedPayload().put("ext", new JsonObject().put("x", "ltmark-9-ext"));

    PayloadVerdict verdict = inspect(payload, null);

    assertThat(verdict.matched()).isFalse();
    assertThat(kinds(verdict)).containsExactly(ViolationKind.MARKER);
  }
}
