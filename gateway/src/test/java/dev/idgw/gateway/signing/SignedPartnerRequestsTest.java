package dev.idgw.gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.signing.IndependentVerifier.Verdict;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through the running gateway and real HTTP: what a signed partner receives verifies with the independent
 * verifier (its own signature base, the JDK's Ed25519, the keys fetched from the player listener's JWKS),
 * a tampered request does not, and an unsigned partner gets no signature fields at all.
 */
class SignedPartnerRequestsTest {
    private static final String QUERY = "src=idgw&seat=a%20b";
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .partner(PartnerSpec.allFields("alpha").signed())
                .partner(PartnerSpec.allFields("beta"))
                .endpointQuery("alpha", QUERY)
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldPublishThePartnerKeysAsACacheableJwksOnThePlayerListener() {
        HttpResponse<String> jwks = gateway.get(gateway.port(), "/.well-known/idgw-partner-keys.json");

        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
        assertThat(jwks.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(IndependentVerifier.keysFromJwks(jwks.body())).containsOnlyKeys(partnerKeyIds());
        assertThat(jwks.body()).doesNotContain("\"d\"").contains("\"use\":\"sig\"").contains("\"alg\":\"EdDSA\"");
        assertThat(gateway.get(gateway.compliancePort(), "/.well-known/idgw-partner-keys.json").statusCode())
                .as("published where partners reach us, not on the internal listener").isEqualTo(404);
    }

    @Test
    void shouldSignEveryRequestToTheSignedPartnerSoThatItVerifiesAgainstThePublishedKeys() {
        Map<String, PublicKey> published = publishedKeys();
        String device = consentedDevice();

        assertThat(gateway.post(AdPodRequests.dynamicPod("signed-1", device, "203.0.113.7").toString()).statusCode())
                .isEqualTo(200);

        ReceivedRequest sent = lastTo("alpha", device);
        assertThat(sent.target()).isEqualTo("/bid?" + QUERY);
        Verdict verdict = IndependentVerifier.verify(sent, published, Instant.now());
        assertThat(verdict.problem()).isNull();
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.keyId()).isIn(partnerKeyIds());
        assertThat(sent.header("Signature-Input").orElseThrow())
                .startsWith("idgw=(\"@method\" \"@authority\" \"@path\" \"@query\" \"content-type\" \"x-openrtb-version\" "
                        + "\"content-digest\");created=")
                .contains(";alg=\"ed25519\";tag=\"idgw-bid-request\"");
        assertThat(sent.bodyText()).as("the identity-bearing payload is what was signed").contains(device);
    }

    @Test
    void shouldSignTheWarmUpTestRequestsToo() {
        Map<String, PublicKey> published = publishedKeys();

        assertThat(gateway.receivedBeforeReady("alpha")).isNotEmpty().allSatisfy(warmUp ->
                assertThat(IndependentVerifier.verify(warmUp, published, Instant.now()).valid()).isTrue());
    }

    @Test
    void shouldSendTheUnsignedPartnerNoSignatureFields() {
        String device = consentedDevice();

        gateway.post(AdPodRequests.dynamicPod("unsigned-1", device, "203.0.113.7").toString());

        ReceivedRequest sent = lastTo("beta", device);
        assertThat(sent.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("Signature")
                || name.equalsIgnoreCase("Signature-Input") || name.equalsIgnoreCase("Content-Digest"));
        assertThat(IndependentVerifier.verify(sent, publishedKeys(), Instant.now()).problem()).isEqualTo("not signed");
        assertThat(gateway.receivedBeforeReady("beta")).isNotEmpty()
                .allSatisfy(warmUp -> assertThat(warmUp.header("Signature")).isEmpty());
    }

    @Test
    void shouldFailVerificationWhenTheBodyOrWhatTheSignatureCoversIsTamperedWith() {
        Map<String, PublicKey> published = publishedKeys();
        String device = consentedDevice();
        gateway.post(AdPodRequests.dynamicPod("tampered-1", device, "203.0.113.7").toString());
        ReceivedRequest sent = lastTo("alpha", device);
        Instant now = Instant.now();
        assertThat(IndependentVerifier.verify(sent, published, now).valid()).isTrue();

        // One character of the identity changed in flight: the digest no longer matches.
        char last = device.charAt(device.length() - 1);
        byte[] body = sent.bodyText().replace(device, device.substring(0, device.length() - 1) + (last == '0' ? '1' : '0'))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(body).isNotEqualTo(sent.body());
        ReceivedRequest tamperedBody = withBody(sent, body, sent.headers());
        assertThat(IndependentVerifier.verify(tamperedBody, published, now).problem())
                .isEqualTo("content-digest does not match the body");

        // ...and a digest made to match the new body is not what was signed.
        Map<String, List<String>> headers = new HashMap<>(sent.headers());
        headers.put("Content-Digest", List.of("sha-256=:" + java.util.Base64.getEncoder()
                .encodeToString(IndependentVerifier.sha256(body)) + ":"));
        assertThat(IndependentVerifier.verify(withBody(sent, body, headers), published, now).problem())
                .isEqualTo("signature does not verify");

        // The same request replayed to another host, or read as another OpenRTB version, does not verify either.
        Map<String, List<String>> elsewhere = new HashMap<>(sent.headers());
        elsewhere.put("Host", List.of("other.example"));
        assertThat(IndependentVerifier.verify(withBody(sent, sent.body(), elsewhere), published, now).problem())
                .isEqualTo("signature does not verify");
        Map<String, List<String>> version = new HashMap<>(sent.headers());
        version.put("x-openrtb-version", List.of("2.5"));
        assertThat(IndependentVerifier.verify(withBody(sent, sent.body(), version), published, now).problem())
                .isEqualTo("signature does not verify");

        // Kept and replayed after it expired (30 s): refused on time alone.
        assertThat(IndependentVerifier.verify(sent, published, now.plusSeconds(40)).problem()).isEqualTo("expired");
    }

    private static ReceivedRequest withBody(ReceivedRequest r, byte[] body, Map<String, List<String>> headers) {
        return new ReceivedRequest(r.path(), headers, body, r.receivedAt(), r.target());
    }

    /** The JWKS as a partner gets it: over HTTP from the player listener. */
    private static Map<String, PublicKey> publishedKeys() {
        HttpResponse<String> jwks = gateway.get(gateway.port(), "/.well-known/idgw-partner-keys.json");
        assertThat(jwks.statusCode()).isEqualTo(200);
        return IndependentVerifier.keysFromJwks(jwks.body());
    }

    /** The partner-request key ids, read from the key files' names (what the operator sees in keys.dir). */
    private static List<String> partnerKeyIds() {
        try (var files = java.nio.file.Files.list(gateway.config().keysDir())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("ed25519-partner-requests-") && name.endsWith(".pub.pem"))
                    .map(name -> name.substring("ed25519-partner-requests-".length(), name.length() - ".pub.pem".length()))
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ReceivedRequest lastTo(String partner, String device) {
        List<ReceivedRequest> received = gateway.stub(partner).received();
        return received.stream().filter(r -> r.bodyText().contains(device)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError(partner + " received no request for the device"));
    }

    private static String consentedDevice() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
        return device;
    }
}
