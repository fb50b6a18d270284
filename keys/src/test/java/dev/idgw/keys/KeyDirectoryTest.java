package dev.idgw.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {
    @TempDir Path dir;

    @Test
    void shouldCreateAKeyOnFirstUseAndReadTheSameKeyBack() throws IOException {
        HmacKey created = KeyDirectory.at(dir).activeOrCreate("pseudonym");
        HmacKey reread = KeyDirectory.at(dir).activeOrCreate("pseudonym");
        assertThat(reread).isEqualTo(created);
        assertThat(reread.secret()).hasSize(HmacKey.SECRET_BYTES);
    }

    @Test
    void shouldWriteKeyFilesReadableByOwnerOnly() throws IOException {
        KeyDirectory.at(dir).create("pseudonym");
        try (var files = Files.list(dir)) {
            Path file = files.filter(p -> p.toString().endsWith(".pem")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void shouldMakeTheNewestKeyActiveAndKeepOlderOnes() throws IOException {
        HmacKey first = new KeyDirectory(dir, fixed("2026-01-01T00:00:00Z")).create("pseudonym");
        HmacKey second = new KeyDirectory(dir, fixed("2026-06-01T00:00:00Z")).create("pseudonym");
        KeyDirectory keys = KeyDirectory.at(dir);
        assertThat(keys.active("pseudonym")).contains(second);
        assertThat(keys.all("pseudonym")).containsExactly(first, second);
        assertThat(keys.all("email")).isEmpty();
    }

    @Test
    void shouldMakeAKeyCreatedInTheSameSecondTheActiveOne() throws IOException {
        KeyDirectory keys = new KeyDirectory(dir, fixed("2026-06-01T12:00:00Z"));
        HmacKey first = keys.create("pseudonym");
        HmacKey second = keys.create("pseudonym");
        assertThat(second.id()).startsWith("20260601T120001-");
        assertThat(keys.active("pseudonym")).contains(second);
        assertThat(keys.all("pseudonym")).containsExactly(first, second);
    }

    @Test
    void shouldHaveAFingerprintEvenWithoutADirectory() throws IOException {
        KeyDirectory absent = KeyDirectory.at(dir.resolve("absent"));
        assertThat(absent.fingerprint()).isEqualTo(absent.fingerprint()).hasSize(64);
        assertThat(absent.all("pseudonym")).isEmpty();
        assertThat(absent.verificationKeys("sharelog")).isEmpty();
        assertThat(absent.activeSigningKey("sharelog")).isEmpty();
    }

    @Test
    void shouldRejectAFileThatIsNotAnHmacKey() throws IOException {
        Files.writeString(dir.resolve("hmac-pseudonym-20260101T000000-abcdef.pem"),
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> KeyDirectory.at(dir).active("pseudonym"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a");
    }

    @Test
    void shouldNeverPrintTheSecret() throws IOException {
        HmacKey key = KeyDirectory.at(dir).create("pseudonym");
        assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(key.secret()));
    }

    @Test
    void keyedHasherShouldMatchTheRfc4231Vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?" — padded to 16 bytes
        // is a different key, so use test case 1-like 20-byte key instead.
        byte[] secret = new byte[20];
        java.util.Arrays.fill(secret, (byte) 0x0b);
        KeyedHasher hasher = new KeyedHasher(new HmacKey("k1", "test", secret));
        assertThat(hasher.hex("Hi There"))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    private static Clock fixed(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }
}
