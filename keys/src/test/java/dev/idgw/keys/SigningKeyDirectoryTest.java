package dev.idgw.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyDirectoryTest {
    private static final byte[] MESSAGE = "sharelog\n1000\nroot=\n".getBytes(UTF_8);

    @TempDir Path dir;

    @Test
    void shouldCreateASigningKeyOnFirstUseAndReadTheSameKeyBack() throws IOException {
        SigningKey created = KeyDirectory.at(dir).activeSigningKeyOrCreate("sharelog");
        SigningKey reread = KeyDirectory.at(dir).activeSigningKeyOrCreate("sharelog");
        assertThat(reread).isEqualTo(created);
        assertThat(created.id()).matches("\\d{8}T\\d{6}-[0-9a-f]{6}");
        assertThat(dir.resolve("ed25519-sharelog-" + created.id() + ".pem")).isRegularFile();
        assertThat(dir.resolve("ed25519-sharelog-" + created.id() + ".pub.pem")).isRegularFile();
        assertThat(KeyDirectory.at(dir).activeSigningKey("other")).isEmpty();
    }

    @Test
    void shouldWritePrivateKeysOwnerOnlyAndPublicKeysReadable() throws IOException {
        SigningKey key = KeyDirectory.at(dir).createSigningKey("sharelog");
        assertThat(permissions("ed25519-sharelog-" + key.id() + ".pem")).isEqualTo("rw-------");
        assertThat(permissions("ed25519-sharelog-" + key.id() + ".pub.pem")).isEqualTo("rw-r--r--");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void shouldKeepOldKeysVerifyingAndMakeTheNewOneActiveOnRotation() throws IOException {
        SigningKey first = new KeyDirectory(dir, TestClocks.at("2026-01-01T00:00:00Z")).createSigningKey("sharelog");
        byte[] oldSignature = first.sign(MESSAGE);
        SigningKey second = new KeyDirectory(dir, TestClocks.at("2026-06-01T00:00:00Z")).createSigningKey("sharelog");

        KeyDirectory keys = KeyDirectory.at(dir);
        assertThat(keys.activeSigningKey("sharelog")).contains(second);
        assertThat(keys.verificationKeys("sharelog"))
                .containsExactly(first.verificationKey(), second.verificationKey());
        assertThat(keys.verificationKeys("sharelog").get(0).verify(MESSAGE, oldSignature)).isTrue();
        assertThat(keys.verificationKeys("sharelog").get(1).verify(MESSAGE, oldSignature)).isFalse();
    }

    @Test
    void shouldGiveEachRotationANewerIdEvenWithinOneSecondOrWhenTheClockStepsBack() throws IOException {
        KeyDirectory keys = new KeyDirectory(dir, TestClocks.at("2026-06-01T12:00:00Z"));
        SigningKey a = keys.createSigningKey("sharelog");
        SigningKey b = keys.createSigningKey("sharelog");
        SigningKey c = new KeyDirectory(dir, TestClocks.at("2025-01-01T00:00:00Z")).createSigningKey("sharelog");
        assertThat(a.id()).startsWith("20260601T120000-");
        assertThat(b.id()).startsWith("20260601T120001-");
        assertThat(c.id()).startsWith("20260601T120002-");
        assertThat(keys.activeSigningKey("sharelog")).contains(c);
    }

    @Test
    void shouldVerifyWithTheJdkAfterRotation() throws Exception {
        KeyDirectory keys = new KeyDirectory(dir, TestClocks.at("2026-01-01T00:00:00Z"));
        keys.createSigningKey("sharelog");
        SigningKey active = new KeyDirectory(dir, TestClocks.at("2026-02-01T00:00:00Z")).createSigningKey("sharelog");

        byte[] signature = active.sign(MESSAGE);
        PublicKey jdkKey = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(pemContent(dir.resolve("ed25519-sharelog-" + active.id() + ".pub.pem"))));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKey);
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void shouldWritePrivateKeysTheJdkReadsAndSignsWith() throws Exception {
        SigningKey key = KeyDirectory.at(dir).createSigningKey("sharelog");
        PrivateKey jdkKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(pemContent(dir.resolve("ed25519-sharelog-" + key.id() + ".pem"))));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(jdkKey);
        signer.update(MESSAGE);
        assertThat(signer.sign()).isEqualTo(key.sign(MESSAGE));
    }

    @Test
    void shouldGiveVerificationKeysButNoSigningKeyFromPublicFilesAlone() throws IOException {
        SigningKey first = new KeyDirectory(dir, TestClocks.at("2026-01-01T00:00:00Z")).createSigningKey("sharelog");
        SigningKey second = new KeyDirectory(dir, TestClocks.at("2026-02-01T00:00:00Z")).createSigningKey("sharelog");
        Files.delete(dir.resolve("ed25519-sharelog-" + first.id() + ".pem"));
        Files.delete(dir.resolve("ed25519-sharelog-" + second.id() + ".pem"));

        KeyDirectory auditorCopy = KeyDirectory.at(dir);
        assertThat(auditorCopy.verificationKeys("sharelog"))
                .containsExactly(first.verificationKey(), second.verificationKey());
        assertThat(auditorCopy.activeSigningKey("sharelog")).isEmpty();
        assertThat(auditorCopy.hasPrivateKey("sharelog", second.id())).isFalse();
        assertThat(auditorCopy.signingPurposes()).containsExactly("sharelog");
    }

    @Test
    void shouldNotSignWithAnOlderKeyWhenTheNewestIsOnlyPublic() throws IOException {
        new KeyDirectory(dir, TestClocks.at("2026-01-01T00:00:00Z")).createSigningKey("sharelog");
        SigningKey newest = new KeyDirectory(dir, TestClocks.at("2026-02-01T00:00:00Z")).createSigningKey("sharelog");
        Files.delete(dir.resolve("ed25519-sharelog-" + newest.id() + ".pem"));

        KeyDirectory keys = new KeyDirectory(dir, TestClocks.at("2026-03-01T00:00:00Z"));
        assertThat(keys.activeSigningKey("sharelog")).isEmpty();
        SigningKey created = keys.activeSigningKeyOrCreate("sharelog");
        assertThat(created.id()).startsWith("20260301T");
        assertThat(keys.verificationKeys("sharelog")).hasSize(3);
    }

    @Test
    void shouldDeriveThePublicKeyWhenOnlyThePrivateFileIsThere() throws IOException {
        SigningKey key = KeyDirectory.at(dir).createSigningKey("sharelog");
        Files.delete(dir.resolve("ed25519-sharelog-" + key.id() + ".pub.pem"));
        assertThat(KeyDirectory.at(dir).verificationKeys("sharelog")).containsExactly(key.verificationKey());
        assertThat(KeyDirectory.at(dir).activeSigningKey("sharelog")).contains(key);
    }

    @Test
    void shouldReadPkcs8Version2PrivateKeysToo() throws IOException {
        SigningKey key = KeyDirectory.at(dir).createSigningKey("sharelog");
        byte[] v2 = PrivateKeyInfoFactory.createPrivateKeyInfo(key.privateKey()).getEncoded(); // includes the public key
        Files.writeString(dir.resolve("ed25519-sharelog-" + key.id() + ".pem"), KeyPem.encode("PRIVATE KEY", v2));
        assertThat(KeyDirectory.at(dir).activeSigningKey("sharelog")).contains(key);
    }

    @Test
    void shouldRefuseAPublicFileThatDoesNotMatchItsPrivateKey() throws IOException {
        SigningKey key = KeyDirectory.at(dir).createSigningKey("sharelog");
        SigningKey stranger = KeyDirectory.at(dir.resolve("elsewhere")).createSigningKey("sharelog");
        Files.writeString(dir.resolve("ed25519-sharelog-" + key.id() + ".pub.pem"),
                KeyPem.publicKey(stranger.verificationKey()));
        assertThatThrownBy(() -> KeyDirectory.at(dir).verificationKeys("sharelog"))
                .isInstanceOf(IOException.class).hasMessageContaining("does not match its private key");
        assertThatThrownBy(() -> KeyDirectory.at(dir).activeSigningKey("sharelog"))
                .isInstanceOf(IOException.class).hasMessageContaining("does not match its private key");
    }

    @Test
    void shouldRejectFilesThatAreNotEd25519Keys() throws IOException {
        Files.writeString(dir.resolve("ed25519-sharelog-20260101T000000-abcdef.pub.pem"),
                KeyPem.encode("PUBLIC KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> KeyDirectory.at(dir).verificationKeys("sharelog"))
                .isInstanceOf(IOException.class).hasMessageContaining("ed25519-sharelog-20260101T000000-abcdef.pub.pem");
        Files.writeString(dir.resolve("ed25519-other-20260101T000000-abcdef.pem"),
                KeyPem.encode(KeyDirectory.HMAC_PEM_TYPE, new byte[32]));
        assertThatThrownBy(() -> KeyDirectory.at(dir).activeSigningKey("other"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a PRIVATE KEY PEM file");
    }

    @Test
    void shouldKeepSigningAndHmacKeysOfTheSamePurposeApart() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        HmacKey hmac = keys.create("sharelog");
        SigningKey signing = keys.createSigningKey("sharelog");
        assertThat(keys.all("sharelog")).containsExactly(hmac);
        assertThat(keys.verificationKeys("sharelog")).containsExactly(signing.verificationKey());
        assertThat(keys.hmacPurposes()).containsExactly("sharelog");
    }

    @Test
    void shouldAllowDashesAndDotsInPurposes() throws IOException {
        KeyDirectory keys = KeyDirectory.at(dir);
        SigningKey key = keys.createSigningKey("share-log.v2");
        assertThat(keys.verificationKeys("share-log.v2")).containsExactly(key.verificationKey());
        assertThat(keys.verificationKeys("share")).isEmpty();
        assertThat(keys.signingPurposes()).containsExactly("share-log.v2");
        assertThatThrownBy(() -> keys.createSigningKey("Bad Purpose")).isInstanceOf(IllegalArgumentException.class);
    }

    private String permissions(String fileName) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(fileName)));
    }

    private static byte[] pemContent(Path file) throws IOException {
        try (PemReader reader = new PemReader(new StringReader(Files.readString(file)))) {
            return reader.readPemObject().getContent();
        }
    }
}
