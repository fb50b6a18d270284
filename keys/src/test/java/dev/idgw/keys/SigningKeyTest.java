package dev.idgw.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032 §7.1, TEST 1 (empty message).
    private static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    private final SigningKey key = new SigningKey("20260101T000000-abcdef", "sharelog",
            new Ed25519PrivateKeyParameters(new java.security.SecureRandom()));

    @Test
    void shouldMatchRfc8032TestVector1() {
        SigningKey rfc = SigningKey.fromSecret("rfc8032-1", "test", HEX.parseHex(RFC8032_SECRET));
        assertThat(HEX.formatHex(rfc.verificationKey().publicKey())).isEqualTo(RFC8032_PUBLIC);
        assertThat(HEX.formatHex(rfc.sign(new byte[0]))).isEqualTo(RFC8032_SIGNATURE);
        VerificationKey published = new VerificationKey("rfc8032-1", "test", HEX.parseHex(RFC8032_PUBLIC));
        assertThat(published.verify(new byte[0], HEX.parseHex(RFC8032_SIGNATURE))).isTrue();
    }

    /**
     * RFC 9421 Appendix B.2.6 (test-key-ed25519 of B.1.4, the signature base of B.2.6): the in-place signing
     * the partner-request signer uses gives the RFC's signature, also from the middle of a larger buffer.
     */
    @Test
    void shouldMatchRfc9421Ed25519ExampleWhenSigningInPlace() {
        byte[] secret = java.util.Base64.getUrlDecoder().decode("n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU");
        SigningKey rfc = SigningKey.fromSecret("test-key-ed25519", "test", secret);
        assertThat(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(rfc.verificationKey().publicKey()))
                .isEqualTo("JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs");
        byte[] base = ("\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
                + "\"@method\": POST\n"
                + "\"@path\": /foo\n"
                + "\"@authority\": example.com\n"
                + "\"content-type\": application/json\n"
                + "\"content-length\": 18\n"
                + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
                + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"").getBytes(UTF_8);
        byte[] framed = new byte[base.length + 10];
        System.arraycopy(base, 0, framed, 7, base.length);
        byte[] signature = new byte[SigningKey.SIGNATURE_BYTES + 3];
        rfc.sign(framed, 7, base.length, signature, 3);
        assertThat(java.util.Base64.getEncoder().encodeToString(Arrays.copyOfRange(signature, 3, signature.length)))
                .isEqualTo("wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==");
        assertThat(rfc.sign(base)).isEqualTo(Arrays.copyOfRange(signature, 3, signature.length));
    }

    @Test
    void shouldVerifyWhatItSigned() {
        byte[] message = "checkpoint\n42\nabc=\n".getBytes(UTF_8);
        byte[] signature = key.sign(message);
        assertThat(signature).hasSize(SigningKey.SIGNATURE_BYTES);
        assertThat(key.verificationKey().verify(message, signature)).isTrue();
        assertThat(key.sign(message)).as("pure Ed25519 is deterministic").isEqualTo(signature);
    }

    @Test
    void shouldRejectATamperedMessageOrSignature() {
        byte[] message = "checkpoint\n42\nabc=\n".getBytes(UTF_8);
        byte[] signature = key.sign(message);
        VerificationKey verifier = key.verificationKey();
        for (int i = 0; i < message.length; i++) {
            byte[] tampered = message.clone();
            tampered[i] ^= 1;
            assertThat(verifier.verify(tampered, signature)).as("message byte %d flipped", i).isFalse();
        }
        for (int i = 0; i < signature.length; i++) {
            byte[] tampered = signature.clone();
            tampered[i] ^= (byte) 0x80;
            assertThat(verifier.verify(message, tampered)).as("signature byte %d flipped", i).isFalse();
        }
    }

    @Test
    void shouldAnswerFalseRatherThanThrowOnWrongLengthsAndNulls() {
        byte[] message = "m".getBytes(UTF_8);
        byte[] signature = key.sign(message);
        VerificationKey verifier = key.verificationKey();
        assertThat(verifier.verify(message, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(verifier.verify(message, Arrays.copyOf(signature, 65))).isFalse();
        assertThat(verifier.verify(message, new byte[0])).isFalse();
        assertThat(verifier.verify(message, null)).isFalse();
        assertThat(verifier.verify(null, signature)).isFalse();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[64];
            random.nextBytes(garbage);
            assertThat(verifier.verify(message, garbage)).isFalse();
        }
        byte[] allOnes = new byte[64];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThat(verifier.verify(message, allOnes)).isFalse();
    }

    @Test
    void shouldNotVerifyWithAnotherKey() {
        byte[] message = "m".getBytes(UTF_8);
        SigningKey other = new SigningKey("20260101T000001-abcdef", "sharelog",
                new Ed25519PrivateKeyParameters(new java.security.SecureRandom()));
        assertThat(other.verificationKey().verify(message, key.sign(message))).isFalse();
    }

    @Test
    void shouldRejectPublicKeysOfTheWrongLengthOrNotOnTheCurve() {
        assertThatThrownBy(() -> new VerificationKey("k", "test", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertThatThrownBy(() -> new VerificationKey("k", "test", notAPoint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid Ed25519 public key");
        assertThatThrownBy(() -> new VerificationKey("bad id!", "test", HEX.parseHex(RFC8032_PUBLIC)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key id");
        assertThatThrownBy(() -> SigningKey.fromSecret("k", "test", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeverPrintTheSecretAndCompareByContent() {
        String secretHex = HEX.formatHex(key.privateKey().getEncoded());
        assertThat(key.toString()).doesNotContain(secretHex).contains(key.id());
        SigningKey same = SigningKey.fromSecret(key.id(), key.purpose(), key.privateKey().getEncoded());
        assertThat(same).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(same.verificationKey()).isEqualTo(key.verificationKey());
    }

    @Test
    void shouldCopyPublicKeyBytesInAndOut() {
        byte[] bytes = HEX.parseHex(RFC8032_PUBLIC);
        VerificationKey verifier = new VerificationKey("k", "test", bytes);
        bytes[0] ^= 1;
        verifier.publicKey()[1] ^= 1;
        assertThat(HEX.formatHex(verifier.publicKey())).isEqualTo(RFC8032_PUBLIC);
    }
}
