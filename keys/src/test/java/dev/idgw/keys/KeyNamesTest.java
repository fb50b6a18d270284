package dev.idgw.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.keys.KeyNames.KeyFile;
import dev.idgw.keys.KeyNames.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key directory's naming rules, without a file system. */
class KeyNamesTest {
    private static final byte[] SUFFIX = {(byte) 0xab, (byte) 0xcd, (byte) 0xef};

    @Test
    void shouldNameEachKindOfKeyFile() {
        assertThat(KeyNames.fileName(Kind.HMAC, "pseudonym", "20260101T000000-abcdef"))
                .isEqualTo("hmac-pseudonym-20260101T000000-abcdef.pem");
        assertThat(KeyNames.fileName(Kind.ED25519_PRIVATE, "sharelog", "20260101T000000-abcdef"))
                .isEqualTo("ed25519-sharelog-20260101T000000-abcdef.pem");
        assertThat(KeyNames.fileName(Kind.ED25519_PUBLIC, "sharelog", "20260101T000000-abcdef"))
                .isEqualTo("ed25519-sharelog-20260101T000000-abcdef.pub.pem");
    }

    @Test
    void shouldReadBackWhatItNamesIncludingPurposesWithDashes() {
        for (Kind kind : Kind.values()) {
            KeyFile file = new KeyFile(kind, "share-log.v2", "20260101T000000-0a1b2c");
            assertThat(KeyNames.parse(file.fileName())).contains(file);
        }
    }

    @Test
    void shouldIgnoreNamesThatAreNotKeyFiles() {
        assertThat(KeyNames.parse(".key-123.tmp")).isEmpty();
        assertThat(KeyNames.parse("README.md")).isEmpty();
        assertThat(KeyNames.parse("hmac-pseudonym-20260101T000000-ABCDEF.pem")).as("upper-case hex").isEmpty();
        assertThat(KeyNames.parse("hmac-pseudonym-2026-abcdef.pem")).as("not a generated id").isEmpty();
        assertThat(KeyNames.parse("rsa-pseudonym-20260101T000000-abcdef.pem")).isEmpty();
        assertThat(KeyNames.parse("ed25519-sharelog-20260101T000000-abcdef.pub")).isEmpty();
    }

    @Test
    void shouldRejectPurposesAndIdsOutsideTheRules() {
        assertThatThrownBy(() -> KeyNames.checkPurpose("Upper")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key purpose");
        assertThatThrownBy(() -> KeyNames.checkPurpose("-leading")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyNames.checkPurpose("a".repeat(49))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyNames.checkPurpose(null)).isInstanceOf(IllegalArgumentException.class);
        KeyNames.checkPurpose("a".repeat(48));
        assertThatThrownBy(() -> KeyNames.checkKeyId("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key id");
        assertThatThrownBy(() -> KeyNames.checkKeyId("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        KeyNames.checkKeyId("k1");
        assertThatThrownBy(() -> KeyNames.fileName(Kind.HMAC, "ok", "../escape"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveANewKeyTheTimeOfItsCreationToTheSecond() {
        assertThat(KeyNames.nextId(List.of(), Instant.parse("2026-06-01T12:00:00.900Z"), SUFFIX))
                .isEqualTo("20260601T120000-abcdef");
    }

    @Test
    void shouldKeepNewIdsAfterTheNewestWithinOneSecondOrAfterTheClockSteppedBack() {
        Instant noon = Instant.parse("2026-06-01T12:00:00Z");
        assertThat(KeyNames.nextId(List.of("20260601T120000-000001"), noon, SUFFIX))
                .isEqualTo("20260601T120001-abcdef");
        assertThat(KeyNames.nextId(List.of("20260601T120000-000001", "20270101T000000-000002"), noon, SUFFIX))
                .isEqualTo("20270101T000001-abcdef");
        assertThat(KeyNames.nextId(List.of("20250101T000000-000001"), noon, SUFFIX))
                .as("an older newest key does not move the time").isEqualTo("20260601T120000-abcdef");
        assertThatThrownBy(() -> KeyNames.nextId(List.of(), noon, new byte[2])).isInstanceOf(IllegalArgumentException.class);
    }
}
