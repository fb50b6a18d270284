package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The regex-free {@link LeakGuard} against the regular-expression version it replaced
 * ({@link RegexLeakGuard}): on texts stitched from identity spellings, near-misses and noise, whatever
 * the old one dropped the new one drops too. The new one may drop more (it reads every overlapping
 * address candidate, where a regex scan skipped past a failed one); never less.
 */
class LeakGuardEquivalenceTest {
    private static final PlayerIdentity VIEWER = SampleViewer.identity();
    private static final LeakGuard GUARD = LeakGuard.forIdentity(VIEWER, List.of("player-secret-42"));
    private static final RegexLeakGuard REFERENCE = RegexLeakGuard.forIdentity(VIEWER, List.of("player-secret-42"));
    private static final LeakGuard BLIND = LeakGuard.forIdentity(PlayerIdentity.none(), List.of());
    private static final RegexLeakGuard BLIND_REFERENCE = RegexLeakGuard.forIdentity(PlayerIdentity.none(), List.of());

    @Property(tries = 20_000)
    void shouldDropEverythingTheRegexGuardDropped(@ForAll Random random) {
        String text = text(random);

        if (!REFERENCE.allows(text)) {
            assertThat(GUARD.allows(text)).as("%s", text).isFalse();
        }
        if (!BLIND_REFERENCE.allows(text)) {
            assertThat(BLIND.allows(text)).as("blind: %s", text).isFalse();
        }
    }

    @Property(tries = 20_000)
    void shouldKeepWhatTheRegexGuardKeptUnlessAnAddressOverlaps(@ForAll Random random) {
        String text = text(random);

        // The one intended difference: overlapping dotted or colon runs.
        if (REFERENCE.allows(text) && !text.matches(".*[0-9a-fA-F:.]{3,}.*")) {
            assertThat(GUARD.allows(text)).as("%s", text).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.203.0.113.7", "9.9.9.203.0.113.7", "1.2::2001:db8:85a3::8a2e:370:7334",
            "ab.2001:db8:85a3::8a2e:370:7334", "x203.000.113.007y", "2001:DB8:85A3:0:0:8A2E:370:7334.",
            "6D92078A8246-4BA4AE5B76104861E7DC", "PLAYER-SECRET-42", "playersecret42"})
    void shouldDropOverlappingAndRespelledIdentifiers(String text) {
        assertThat(GUARD.allows(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"News at 10", "203.0.113.8", "1203.0.113.8", "2001:db8:85a3::8a2e:370:7335",
            "Season 2: the return", "a@b", "a@b.", "@b.c", "%4", "rida", "https://example.com/a-b"})
    void shouldKeepOrdinaryText(String text) {
        assertThat(REFERENCE.allows(text)).as("reference").isTrue();
        assertThat(GUARD.allows(text)).isTrue();
    }

    private static String text(Random random) {
        StringBuilder b = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            b.append(part(random));
        }
        return b.toString();
    }

    private static String part(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String noise = "abcXYZ019-_.:@%=/+ \t\u00e9\u0130";
        return switch (random.nextInt(12)) {
            case 0 -> mangle(random, SampleViewer.guardedSpellings().get(random.nextInt(SampleViewer.guardedSpellings().size())));
            case 1 -> HexFormat.of().formatHex(bytes).repeat(2).substring(0, 60 + random.nextInt(8));
            case 2 -> Base64.getEncoder().encodeToString(bytes).substring(0, 41 + random.nextInt(4));
            case 3 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + (random.nextBoolean() ? "=" : "");
            case 4 -> random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300) + "." + random.nextInt(300);
            case 5 -> "203.0." + (112 + random.nextInt(3)) + ".00" + random.nextInt(9);
            case 6 -> "2001:db8:" + (random.nextBoolean() ? "85a3::8a2e" : "85A3:0:0:8a2e") + ":370:733" + random.nextInt(6);
            case 7 -> "user" + random.nextInt(9) + (random.nextBoolean() ? "@" : "%40") + "mail" + (random.nextBoolean() ? "." : "") + "com";
            case 8 -> "player-secret-" + random.nextInt(50);
            default -> {
                StringBuilder s = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    s.append(noise.charAt(random.nextInt(noise.length())));
                }
                yield s.toString();
            }
        };
    }

    /** Case changes, dashes dropped or added, a character cut: near-misses as well as hits. */
    private static String mangle(Random random, String spelling) {
        String s = random.nextBoolean() ? spelling.toUpperCase(Locale.ROOT) : spelling;
        return switch (random.nextInt(4)) {
            case 0 -> s.replace("-", "");
            case 1 -> s.length() > 8 ? s.substring(0, 4) + "-" + s.substring(4) : s;
            case 2 -> s.length() > 2 ? s.substring(1) : s;
            default -> s;
        };
    }
}
