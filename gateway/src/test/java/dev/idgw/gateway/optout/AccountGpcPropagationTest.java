package dev.idgw.gateway.optout;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 11 CCR §7025(c)(1) through the running gateway and real Redis: a device linked to an account sends Global
 * Privacy Control, and the account's choice turns to opt-out on every linked device, once, recorded as one
 * consumer request with the signal as its source; an opt-in the account makes after the signal stands.
 */
class AccountGpcPropagationTest {
    private static final Duration FOLLOWED = Duration.ofSeconds(10);
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldTurnEveryLinkedDeviceToOptOutOnceAndRecordItOnce() {
        String account = "acct-" + UUID.randomUUID();
        List<String> devices = linkedDevices(account, 3);

        adRequest(devices.get(0), true);

        eventually(FOLLOWED, () -> {
            for (String d : devices) {
                assertThat(view(d).getBoolean("adConsent")).as("every linked device opted out").isFalse();
            }
        });
        assertThat(adRequest(devices.get(1), false)).as("a linked device without GPC now strips")
                .doesNotContain(devices.get(1));
        List<JsonObject> records = eventuallyGet(FOLLOWED, () -> {
            List<JsonObject> r = requests("accountId=" + account);
            assertThat(r).hasSize(1);
            return r;
        });
        JsonObject turned = records.get(0);
        assertThat(turned.getString("kind")).isEqualTo("opt-out");
        assertThat(turned.getString("via")).isEqualTo("gpc");
        assertThat(turned.getString("subjectType")).isEqualTo("account");
        assertThat(turned.getString("outcome")).isEqualTo("complied");
        assertThat(turned.getInteger("devices")).isEqualTo(3);
        assertThat(turned.getString("jurisdiction")).isEqualTo("US-CA");
        assertThat(signalled("deviceId=" + devices.get(0).toUpperCase())).as("found as the source, any spelling")
                .containsExactly(turned);

        // A second device's first signal: the account was turned already, so only the device's own record.
        adRequest(devices.get(2), true);
        JsonObject own = eventuallyGet(FOLLOWED, () -> {
            List<JsonObject> r = signalled("deviceId=" + devices.get(2));
            assertThat(r).hasSize(1);
            return r.get(0);
        });
        assertThat(own.getString("subjectType")).isEqualTo("device");
        assertThat(own.getString("note")).contains("earlier signal");
        adRequest(devices.get(0), true);
        settled();
        assertThat(requests("accountId=" + account)).as("recorded once").hasSize(1);
        String all = gateway.compliance("/compliance/v1/requests", GatewayHarness.COMPLIANCE_TOKEN).body();
        for (String d : devices) {
            assertThat(all).doesNotContain(d);
        }
        assertThat(all).doesNotContain(account);
    }

    @Test
    void shouldLeaveAnOptInTheAccountMadeAfterTheSignalAlone() {
        String account = "acct-" + UUID.randomUUID();
        List<String> devices = linkedDevices(account, 2);
        adRequest(devices.get(0), true);
        eventually(FOLLOWED, () -> assertThat(view(devices.get(1)).getBoolean("adConsent")).isFalse());
        eventually(FOLLOWED, () -> assertThat(requests("accountId=" + account)).hasSize(1));

        HttpResponse<String> optIn = gateway.internal("PUT", "/consent/v1/accounts/" + account, "{\"adConsent\":true}",
                GatewayHarness.CONSENT_TOKEN);
        assertThat(optIn.statusCode()).as(optIn.body()).isEqualTo(200);
        assertThat(new JsonObject(optIn.body()).getInteger("devicesUpdated")).isEqualTo(2);

        adRequest(devices.get(1), true); // the other device's first signal, after the opt-in
        adRequest(devices.get(0), true);
        eventually(FOLLOWED, () -> assertThat(signalled("deviceId=" + devices.get(1))).hasSize(1));
        settled();

        assertThat(view(devices.get(0)).getBoolean("adConsent")).as("the later opt-in stands").isTrue();
        assertThat(view(devices.get(1)).getBoolean("adConsent")).isTrue();
        assertThat(adRequest(devices.get(0), false)).as("identity flows again without the signal").contains(devices.get(0));
        assertThat(requests("accountId=" + account)).extracting(r -> r.getString("kind") + " via " + r.getString("via"))
                .as("in the order they happened").containsExactly("opt-out via gpc", "opt-in via account");
    }

    @Test
    void shouldTurnAnAccountThatOptedInBeforeTheSignal() {
        String account = "acct-" + UUID.randomUUID();
        List<String> devices = linkedDevices(account, 2);
        assertThat(gateway.internal("PUT", "/consent/v1/accounts/" + account, "{\"adConsent\":true}",
                GatewayHarness.CONSENT_TOKEN).statusCode()).isEqualTo(200);

        adRequest(devices.get(1), true);

        eventually(FOLLOWED, () -> assertThat(view(devices.get(0)).getBoolean("adConsent")).isFalse());
    }

    @Test
    void shouldReachAnAccountLinkedAfterTheDevicesFirstSignal() {
        String early = UUID.randomUUID().toString();
        put(early, null);
        adRequest(early, true);
        eventually(FOLLOWED, () -> assertThat(signalled("deviceId=" + early)).hasSize(1));

        String account = "acct-" + UUID.randomUUID();
        put(early, account);
        String other = UUID.randomUUID().toString();
        put(other, account);
        adRequest(early, true);

        eventually(FOLLOWED, () -> assertThat(view(other).getBoolean("adConsent")).isFalse());
        eventually(FOLLOWED, () -> assertThat(requests("accountId=" + account)).singleElement()
                .satisfies(r -> assertThat(r.getInteger("devices")).isEqualTo(2)));
    }

    @Test
    void shouldRecordADevicesFirstSignalOnce() {
        String device = UUID.randomUUID().toString();
        put(device, null);
        adRequest(device, true);
        adRequest(device, true);
        settled();

        List<JsonObject> records = requests("deviceId=" + device);
        assertThat(records).extracting(r -> r.getString("kind") + " via " + r.getString("via"))
                .containsExactly("opt-in via api", "opt-out via gpc");
        assertThat(records.get(1).getString("subjectType")).isEqualTo("device");
        assertThat(view(device).getBoolean("adConsent")).as("no account: the stored choice stays; each GPC request strips")
                .isTrue();
    }

    /**
     * A follow-up cut short after the account noted the signal but before its devices were written (Redis
     * failed in between) finishes on the device's next signal: the account's note names this device as the
     * source, and the device has not noted reaching the account.
     */
    @Test
    void shouldFinishAnAccountTurnCutShortOnTheNextSignal() {
        String account = "acct-" + UUID.randomUUID();
        List<String> devices = linkedDevices(account, 2);
        String source = pseudonymOf(devices.get(0));
        long noted = System.currentTimeMillis();
        gateway.redis(c -> c.hset(gateway.keys().accountChoice(account), java.util.Map.of("gpc", Long.toString(noted),
                "gpcSource", source)));

        adRequest(devices.get(0), true);

        eventually(FOLLOWED, () -> assertThat(view(devices.get(1)).getBoolean("adConsent")).isFalse());
        eventually(FOLLOWED, () -> assertThat(requests("accountId=" + account)).singleElement()
                .satisfies(r -> assertThat(r.getString("received")).isEqualTo(java.time.Instant.ofEpochMilli(noted).toString())));
    }

    /**
     * The device writes keep the signal's time: a follow-up that finishes late (here: the account noted a signal a
     * minute ago whose devices were never written) cannot undo a choice written after the signal.
     */
    @Test
    void shouldNotUndoAChoiceMadeAfterTheSignalWhenAFollowUpFinishesLate() {
        String account = "acct-" + UUID.randomUUID();
        List<String> devices = linkedDevices(account, 2);
        String source = pseudonymOf(devices.get(0));
        long aMinuteAgo = System.currentTimeMillis() - 60_000;
        gateway.redis(c -> c.hset(gateway.keys().accountChoice(account), java.util.Map.of("gpc", Long.toString(aMinuteAgo),
                "gpcSource", source)));

        adRequest(devices.get(0), true);

        eventually(FOLLOWED, () -> assertThat(requests("accountId=" + account)).singleElement()
                .satisfies(r -> assertThat(r.getInteger("devices")).as("both written after the signal").isZero()));
        assertThat(view(devices.get(1)).getBoolean("adConsent")).isTrue();
    }

    /** The pseudonym the records use for a device: read back from its own consent write's record. */
    private static String pseudonymOf(String device) {
        return eventuallyGet(FOLLOWED, () -> {
            List<JsonObject> r = requests("deviceId=" + device);
            assertThat(r).isNotEmpty();
            return r.get(0).getString("subject");
        });
    }

    private static List<String> linkedDevices(String account, int n) {
        List<String> devices = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String d = UUID.randomUUID().toString();
            put(d, account);
            devices.add(d);
        }
        return devices;
    }

    private static void put(String device, String account) {
        HttpResponse<String> r = gateway.internal("PUT", "/consent/v1/devices/" + device,
                "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\""
                        + (account == null ? "" : ",\"accountId\":\"" + account + "\"") + "}", GatewayHarness.CONSENT_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Sends an ad request and returns what partner alpha received for it. */
    private static String adRequest(String device, boolean gpc) {
        String body = AdPodRequests.dynamicPod("r-" + UUID.randomUUID(), device, null).toString();
        HttpResponse<String> r = gpc ? gateway.post(body, "Sec-GPC", "1") : gateway.post(body);
        assertThat(r.statusCode()).isEqualTo(200);
        return gateway.stub("alpha").received().get(gateway.stub("alpha").received().size() - 1).bodyText();
    }

    /** Follow-ups go over one pipelined connection in order: once a fresh device's is visible, earlier ones are done. */
    private static void settled() {
        String marker = UUID.randomUUID().toString();
        put(marker, null);
        adRequest(marker, true);
        eventually(FOLLOWED, () -> assertThat(requests("deviceId=" + marker)).hasSize(2));
    }

    private static JsonObject view(String device) {
        HttpResponse<String> r = gateway.internal("GET", "/consent/v1/devices/" + device, null, GatewayHarness.CONSENT_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** The records the signal caused (not the consent API writes that set the test up). */
    private static List<JsonObject> signalled(String query) {
        return requests(query).stream().filter(r -> r.getString("via").equals("gpc")).toList();
    }

    private static List<JsonObject> requests(String query) {
        HttpResponse<String> r = gateway.compliance("/compliance/v1/requests?" + query, GatewayHarness.COMPLIANCE_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().lines().map(JsonObject::new).toList();
    }
}
