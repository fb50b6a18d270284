package dev.idgw.gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.signing.StructuredFields.InnerList;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The independent verifier checked against the RFCs' own examples before it judges the gateway: RFC 9421
 * Appendix B.2.6 (a request signed with ed25519 under the published test key of B.1.4) and the RFC 9530 /
 * RFC 9421 content digests of {@code {"hello": "world"}}.
 */
class IndependentVerifierSelfTest {
    /** RFC 9421 B.1.4, test-key-ed25519, the public key as a JWK {@code x}. */
    static final String RFC_KEY_X = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs";
    static final String RFC_SIGNATURE_INPUT = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
            + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    static final String RFC_SIGNATURE = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
    static final String RFC_BASE = """
            "date": Tue, 20 Apr 2021 02:07:55 GMT
            "@method": POST
            "@path": /foo
            "@authority": example.com
            "content-type": application/json
            "content-length": 18
            "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length")\
            ;created=1618884473;keyid="test-key-ed25519\"""";

    /** The RFC's test request (Appendix B.2), as a partner's server would have received it. */
    static ReceivedRequest rfcRequest(String signatureInput, String signature) {
        return new ReceivedRequest("/foo", Map.of(
                "Host", List.of("example.com"),
                "Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"),
                "Content-Type", List.of("application/json"),
                "Content-Digest", List.of("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"),
                "Content-Length", List.of("18"),
                "Signature-Input", List.of(signatureInput),
                "Signature", List.of(signature)),
                "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, "/foo?param=Value&Pet=dog");
    }

    @Test
    void shouldBuildTheSignatureBaseOfRfc9421B26() {
        InnerList params = (InnerList) StructuredFields.dictionary(RFC_SIGNATURE_INPUT).get("sig-b26");
        assertThat(IndependentVerifier.signatureBase(rfcRequest(RFC_SIGNATURE_INPUT, RFC_SIGNATURE), params, "https"))
                .isEqualTo(RFC_BASE);
    }

    @Test
    void shouldVerifyTheEd25519SignatureOfRfc9421B26WithTheJdk() {
        PublicKey key = IndependentVerifier.ed25519PublicKey(Base64.getUrlDecoder().decode(RFC_KEY_X));
        byte[] signature = (byte[]) ((StructuredFields.Item) StructuredFields.dictionary(RFC_SIGNATURE).get("sig-b26")).value();
        byte[] base = RFC_BASE.getBytes(StandardCharsets.US_ASCII);
        assertThat(IndependentVerifier.verifyEd25519(key, base, signature)).isTrue();
        base[base.length - 2] ^= 1;
        assertThat(IndependentVerifier.verifyEd25519(key, base, signature)).as("one bit of the base changed").isFalse();
    }

    @Test
    void shouldReadKeysFromAJwksAsRfc8037WritesThem() {
        Map<String, PublicKey> keys = IndependentVerifier.keysFromJwks("""
                {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"test-key-ed25519","x":"%s"},
                         {"kty":"EC","crv":"P-256","kid":"other","x":"…","y":"…"}]}""".formatted(RFC_KEY_X));
        assertThat(keys).containsOnlyKeys("test-key-ed25519");
        byte[] signature = (byte[]) ((StructuredFields.Item) StructuredFields.dictionary(RFC_SIGNATURE).get("sig-b26")).value();
        assertThat(IndependentVerifier.verifyEd25519(keys.get("test-key-ed25519"), RFC_BASE.getBytes(StandardCharsets.US_ASCII),
                signature)).isTrue();
    }

    @Test
    void shouldSerializeSignatureParamsBackAsReceived() {
        String params = "(\"@method\" \"@authority\" \"content-digest\");created=1618884473;expires=1618884503"
                + ";keyid=\"20261207T100000-abcdef\";alg=\"ed25519\";tag=\"idgw-bid-request\"";
        InnerList parsed = (InnerList) StructuredFields.dictionary("idgw=" + params).get("idgw");
        assertThat(StructuredFields.serialize(parsed)).isEqualTo(params);
        assertThat(parsed.params()).containsEntry("created", 1618884473L).containsEntry("alg", "ed25519");
    }

    @Test
    void shouldMatchTheContentDigestsOfRfc9530AndRfc9421() {
        assertThat(Base64.getEncoder().encodeToString(IndependentVerifier.sha256(
                "{\"hello\": \"world\"}\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg="); // RFC 9530 §2 / Appendix B
        assertThat(Base64.getEncoder().encodeToString(IndependentVerifier.sha256(
                "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="); // RFC 9421 examples
    }
}
