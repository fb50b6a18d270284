package dev.idgw.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {
    private static final byte[] MESSAGE = "sharelog\n7\nroot=\n".getBytes(UTF_8);

    @TempDir Path dir;

    @Test
    void shouldPickTheNewestSigningAndHmacKeysAndKeepTheOlderOnesById() throws IOException {
        KeyDirectory january = new KeyDirectory(dir, TestClocks.at("2026-01-01T00:00:00Z"));
        SigningKey oldSigning = january.createSigningKey("sharelog");
        HmacKey oldHmac = january.create("pseudonym");
        KeyDirectory june = new KeyDirectory(dir, TestClocks.at("2026-06-01T00:00:00Z"));
        SigningKey newSigning = june.createSigningKey("sharelog");
        HmacKey newHmac = june.create("pseudonym");

        KeyRing ring = KeyRing.load(KeyDirectory.at(dir), "sharelog", "pseudonym");

        assertThat(ring.signingKey()).isEqualTo(newSigning);
        assertThat(ring.verificationKeys()).containsOnlyKeys(oldSigning.id(), newSigning.id());
        assertThat(ring.verificationKeys().keySet()).containsExactly(oldSigning.id(), newSigning.id());
        assertThat(ring.verificationKey(oldSigning.id())).contains(oldSigning.verificationKey());
        assertThat(ring.verificationKey("20990101T000000-ffffff")).isEmpty();
        assertThat(ring.hmacKey()).isEqualTo(newHmac);
        assertThat(ring.hmacKey(oldHmac.id())).contains(oldHmac);
        assertThat(ring.hmacKeys().keySet()).containsExactly(oldHmac.id(), newHmac.id());
    }

    @Test
    void shouldVerifySignaturesOfOldKeysByIdAfterRotation() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        SigningKey old = keys.createSigningKey("sharelog");
        keys.create("pseudonym");
        byte[] oldSignature = old.sign(MESSAGE);
        keys.createSigningKey("sharelog");

        KeyRing ring = KeyRing.load(keys, "sharelog", "pseudonym");
        assertThat(ring.verify(old.id(), MESSAGE, oldSignature)).isTrue();
        assertThat(ring.verify(ring.signingKey().id(), MESSAGE, oldSignature)).isFalse();
        assertThat(ring.verify("unknown", MESSAGE, oldSignature)).isFalse();
        assertThat(ring.verify(ring.signingKey().id(), MESSAGE, ring.signingKey().sign(MESSAGE))).isTrue();
    }

    @Test
    void shouldChangeTheFingerprintOnRotationAndOnlyThen() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        String empty = keys.fingerprint();
        KeyRing ring = KeyRing.loadOrCreate(keys, "sharelog", "pseudonym");
        assertThat(ring.fingerprint()).isNotEqualTo(empty).isEqualTo(keys.fingerprint());
        assertThat(keys.fingerprint()).as("reading changes nothing").isEqualTo(ring.fingerprint());

        keys.createSigningKey("sharelog");
        String afterSigningRotation = keys.fingerprint();
        assertThat(afterSigningRotation).isNotEqualTo(ring.fingerprint());
        keys.create("pseudonym");
        assertThat(keys.fingerprint()).isNotEqualTo(afterSigningRotation);

        KeyRing reloaded = KeyRing.load(keys, "sharelog", "pseudonym");
        assertThat(reloaded.fingerprint()).isEqualTo(keys.fingerprint());
        assertThat(reloaded.signingKey()).isNotEqualTo(ring.signingKey());
        assertThat(reloaded.verificationKey(ring.signingKey().id())).contains(ring.signingKey().verificationKey());
    }

    @Test
    void shouldIgnoreHiddenTemporaryFilesInTheFingerprint() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        keys.create("pseudonym");
        String before = keys.fingerprint();
        Files.writeString(dir.resolve(".key-123.tmp"), "half a key");
        assertThat(keys.fingerprint()).isEqualTo(before);
    }

    @Test
    void shouldSayWhatToRunWhenAKeyIsMissing() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        keys.create("pseudonym");
        assertThatThrownBy(() -> KeyRing.load(keys, "sharelog", "pseudonym"))
                .isInstanceOf(IOException.class).hasMessageContaining("rotate --dir");
        keys.createSigningKey("sharelog");
        assertThatThrownBy(() -> KeyRing.load(keys, "sharelog", "email-x"))
                .isInstanceOf(IOException.class).hasMessageContaining("rotate --hmac");
    }

    @Test
    void shouldRefuseToLoadAnAuditorsCopyAsARing() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        SigningKey key = keys.createSigningKey("sharelog");
        keys.create("pseudonym");
        Files.delete(dir.resolve("ed25519-sharelog-" + key.id() + ".pem"));
        assertThatThrownBy(() -> KeyRing.load(keys, "sharelog", "pseudonym"))
                .isInstanceOf(IOException.class).hasMessageContaining("only as a public key");
    }

    @Test
    void shouldNeverPrintSecrets() throws IOException {
        KeyRing ring = KeyRing.loadOrCreate(KeyDirectory.at(dir), "sharelog", "pseudonym");
        assertThat(ring.toString())
                .doesNotContain(java.util.HexFormat.of().formatHex(ring.hmacKey().secret()))
                .doesNotContain(java.util.HexFormat.of().formatHex(ring.signingKey().privateKey().getEncoded()));
    }
}
