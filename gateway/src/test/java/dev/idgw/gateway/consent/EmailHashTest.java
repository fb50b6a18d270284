package dev.idgw.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** UID2-style normalization and SHA-256; an already-hashed email passes; anything else is refused. */
class EmailHashTest {
    /** UID2's published vector: SHA-256 of "user@example.com", base64. */
    private static final String USER_AT_EXAMPLE_B64 = "tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=";

    @Test
    void shouldMatchUid2VectorForUserAtExample() {
        assertThat(base64("user@example.com")).isEqualTo(USER_AT_EXAMPLE_B64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"USER@EXAMPLE.COM", "  user@example.com  ", "\tUser@Example.com\n"})
    void shouldTrimAndLowercaseBeforeHashing(String email) {
        assertThat(base64(email)).isEqualTo(USER_AT_EXAMPLE_B64);
    }

    @ParameterizedTest
    @CsvSource({
            "Jane.Doe+tv@Gmail.com, janedoe@gmail.com",
            "j.a.n.e.d.o.e@gmail.com, janedoe@gmail.com",
            "janedoe+a+b@gmail.com, janedoe@gmail.com",
            "Jane.Doe+tv@googlemail.com, janedoe@googlemail.com",
            "JANE.DOE@GOOGLEMAIL.COM, janedoe@googlemail.com"})
    void shouldDropDotsAndPlusTagForGmail(String email, String normalized) {
        assertThat(EmailHash.normalize(email)).isEqualTo(normalized);
        assertThat(hex(email)).isEqualTo(hex(normalized));
    }

    @Test
    void shouldKeepGmailAndGooglemailDistinct() {
        assertThat(hex("janedoe@gmail.com")).isNotEqualTo(hex("janedoe@googlemail.com"));
    }

    @ParameterizedTest
    @CsvSource({
            "Jane.Doe+tv@example.com, jane.doe+tv@example.com",
            "jane.doe@gmail.co.uk, jane.doe@gmail.co.uk",
            "jane.doe@notgmail.com, jane.doe@notgmail.com",
            "jane.doe@mail.gmail.com, jane.doe@mail.gmail.com"})
    void shouldKeepDotsAndPlusTagElsewhere(String email, String normalized) {
        assertThat(EmailHash.normalize(email)).isEqualTo(normalized);
        assertThat(hex(email)).isNotEqualTo(hex("janedoe@" + normalized.substring(normalized.indexOf('@') + 1)));
    }

    @Test
    void shouldAcceptAlreadyHashedHexInEitherCase() {
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(USER_AT_EXAMPLE_B64));

        assertThat(hex(hex)).isEqualTo(hex);
        assertThat(hex(hex.toUpperCase())).isEqualTo(hex);
        assertThat(hex("  " + hex + " ")).isEqualTo(hex);
    }

    @Test
    void shouldAcceptAlreadyHashedBase64() {
        assertThat(base64(USER_AT_EXAMPLE_B64)).isEqualTo(USER_AT_EXAMPLE_B64);
    }

    @Test
    void shouldHashUtf8Bytes() {
        assertThat(EmailHash.of("josé@example.com")).isPresent()
                .get().isNotEqualTo(EmailHash.of("jose@example.com").orElseThrow());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not an email", "user@", "@example.com", "user@example", "user@@example.com",
            "us er@example.com", "user@exa mple.com",
            // 63 and 65 hex characters; 43 base64 characters without padding; base64 with a character outside the alphabet
            "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514"
                    + "0",
            "4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514",
            "tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ", "tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf_F5HVRQ="})
    void shouldRejectGarbage(String input) {
        assertThat(EmailHash.of(input)).isEmpty();
    }

    @Test
    void shouldRejectAddressLongerThan254Characters() {
        String local = "a".repeat(64);
        String domain = "b".repeat(200) + ".com";

        assertThat(EmailHash.of(local + "@" + domain)).isEmpty();
        assertThat(EmailHash.of("a@" + "b".repeat(248) + ".com")).isPresent(); // 254 exactly
    }

    @Test
    void shouldAlwaysGiveThirtyTwoBytes() {
        for (String input : new String[] {"user@example.com", USER_AT_EXAMPLE_B64,
                "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514"}) {
            assertThat(EmailHash.of(input)).get().extracting(b -> b.length).isEqualTo(32);
        }
    }

    private static String base64(String input) {
        return Base64.getEncoder().encodeToString(EmailHash.of(input).orElseThrow());
    }

    private static String hex(String input) {
        return HexFormat.of().formatHex(EmailHash.of(input).orElseThrow());
    }
}
