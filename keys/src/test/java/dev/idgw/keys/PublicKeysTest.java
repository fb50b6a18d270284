package dev.idgw.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeysTest {
    // RFC 8032 TEST 1 public key, and its unpadded base64url.
    private static final byte[] RFC_PUBLIC = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final String RFC_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private static final String RFC_SPKI = "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private final List<VerificationKey> keys = List.of(key("20260101T000000-aaaaaa"), key("20260201T000000-bbbbbb"));

    @Test
    void shouldParseThePemBundleItExports() {
        String pem = PublicKeys.toPem(keys);
        assertThat(pem).contains("Key-Id: 20260101T000000-aaaaaa\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\n");
        assertThat(PublicKeys.fromPem(pem)).containsExactlyElementsOf(keys);
        assertThat(PublicKeys.fromPem(pem.replace("\n", "\r\n"))).containsExactlyElementsOf(keys);
    }

    @Test
    void shouldParseTheJwksItExports() {
        String jwks = PublicKeys.toJwks(keys);
        assertThat(jwks).startsWith("{\"keys\":[").contains("\"kty\":\"OKP\",\"crv\":\"Ed25519\"")
                .contains("\"kid\":\"20260101T000000-aaaaaa\",\"use\":\"sig\",\"alg\":\"EdDSA\"");
        assertThat(PublicKeys.fromJwks(jwks)).containsExactlyElementsOf(keys);
        assertThat(PublicKeys.fromJwks(jwks, "audit")).extracting(VerificationKey::purpose).containsOnly("audit");
    }

    @Test
    void shouldEncodeXAsUnpaddedBase64urlAsRfc8037Says() {
        VerificationKey rfc = new VerificationKey("rfc", "sharelog", RFC_PUBLIC);
        assertThat(PublicKeys.toJwks(List.of(rfc))).contains("\"x\":\"" + RFC_X + "\"");
        assertThat(PublicKeys.toPem(List.of(rfc))).contains(RFC_SPKI);
    }

    @Test
    void shouldAcceptAnyMemberOrderWhitespaceEscapesAndOptionalUseAndAlg() {
        String json = " {\n \"keys\" : [ { \"kid\" : \"r\\u0066c\", \"x\":\"" + RFC_X + "\",\t\"crv\":\"Ed25519\",\r\n"
                + "\"kty\":\"OKP\" } ] }\n";
        assertThat(PublicKeys.fromJwks(json)).containsExactly(new VerificationKey("rfc", "sharelog", RFC_PUBLIC));
    }

    @Test
    void shouldAcceptIdsGivenAsPemHeadersInsideTheBlock() {
        String pem = "-----BEGIN PUBLIC KEY-----\nKey-Id: rfc\nPurpose: sharelog\n\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n";
        assertThat(PublicKeys.fromPem(pem)).containsExactly(new VerificationKey("rfc", "sharelog", RFC_PUBLIC));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "{\"keys\":[]}",
        "{\"keys\":{}}",
        "{\"other\":[]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"X\",\"kid\":\"k\"}]}",
        "{\"keys\":[{\"kty\":\"RSA\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "=\",\"kid\":\"k\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp\",\"kid\":\"k\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\",\"use\":\"enc\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\",\"alg\":\"ES256\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\",\"extra\":\"1\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\",\"kid\":\"j\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":1}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"bad id\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\"},]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\"}]} x",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\"}]",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\\q\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\\u00zz\"}]}",
        "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k"
    })
    void shouldRejectMalformedJwks(String json) {
        assertThatThrownBy(() -> PublicKeys.fromJwks(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAJwksHoldingAPrivateKeyOrTheSameIdTwice() {
        String jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\",\"kid\":\"k\"";
        assertThatThrownBy(() -> PublicKeys.fromJwks("{\"keys\":[" + jwk + ",\"d\":\"" + RFC_X + "\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
        assertThatThrownBy(() -> PublicKeys.fromJwks("{\"keys\":[" + jwk + "}," + jwk + "}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Key-Id: k\nPurpose: sharelog\n",
        "-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "Purpose: sharelog\n-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\n-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN CERTIFICATE-----\n" + RFC_SPKI + "\n-----END CERTIFICATE-----\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n-----END PRIVATE KEY-----\n",
        "Key-Id: k\nKey-Id: j\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "# note\nKey-Id: k\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\nPurpose: Share Log\n-----BEGIN PUBLIC KEY-----\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\nComment: x\n\n" + RFC_SPKI + "\n-----END PUBLIC KEY-----\n",
        "Key-Id: k\nPurpose: sharelog\n-----BEGIN PUBLIC KEY-----\n"
                + "MCowBQYDK2VuAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n",
    })
    void shouldRejectMalformedPem(String pem) {
        assertThatThrownBy(() -> PublicKeys.fromPem(pem)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAPemBundleWithTheSameIdTwice() {
        String one = PublicKeys.toPem(List.of(keys.get(0)));
        assertThatThrownBy(() -> PublicKeys.fromPem(one + "\n" + one))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void shouldRefuseToExportNothing() {
        assertThatThrownBy(() -> PublicKeys.toPem(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PublicKeys.toJwks(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static VerificationKey key(String id) {
        return new SigningKey(id, "sharelog", new Ed25519PrivateKeyParameters(new SecureRandom())).verificationKey();
    }
}
