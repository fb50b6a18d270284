package dev.idgw.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link StrictJsonTokens} reads, Jackson reads the same: every token, string and number, over random JSON
 * with every kind of character, number and nesting, often broken at the byte level. Where the two could differ, it
 * must step aside ({@link StrictJsonTokens#UNSURE}), which is what the rest of this class pins.
 */
class StrictJsonTokensTest {
    private static final JsonFactory JACKSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build();
    private static final String ANSWER = """
            {"id":"2b7c3e4f-req","bidid":"bid-1","cur":"USD","seatbid":[{"seat":"partner-1","bid":[{"id":"b-1-1",\
            "impid":"1","price":2.35,"adid":"ad-11","crid":"cr-11","cid":"camp-9","adomain":["brand-1-1.example"],\
            "nurl":"http://127.0.0.1/win?b=11","adm":"<VAST version=\\"4.0\\"><Ad id=\\"11\\"/></VAST>","dur":15,\
            "w":1920,"h":1080}]}]}""";

    @Property(tries = 10_000)
    void shouldReadExactlyWhatJacksonReadsOrStepAside(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] body = new Documents(random).body();
        if (random.nextInt(3) == 0) {
            body = mutated(body, random);
        }

        List<String> strict = strictTokens(body);
        Statistics.collect(strict == null ? "stepped aside" : "read");

        if (strict != null) {
            assertThat(jacksonTokens(body)).as(HexFormat.of().formatHex(body)).isEqualTo(strict);
        }
    }

    @Test
    void shouldReadAnEverydayAnswerWithoutJackson() {
        assertThat(strictTokens(ANSWER.getBytes(StandardCharsets.UTF_8)))
                .isNotNull().isEqualTo(jacksonTokens(ANSWER.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "EFBBBF7B7D", // a byte order mark
        "7B0022006900", // UTF-16LE
        "7B2261223A22C080227D", // an overlong NUL, which Jackson takes for one
        "7B2261223A22EDA080227D", // an encoded surrogate
        "7B2261223A22F4908080227D", // beyond U+10FFFF
        "7B2261223A22E282227D", // a cut sequence
        "7B2261223A2201227D", // a raw control character
        "7B225C7530303631223A317D", // an escaped name
        "7B2261223A225C78227D", // not an escape
    })
    void shouldStepAsideFromWhatIsNotPlainUtf8Json(String hex) {
        assertThat(strictTokens(HexFormat.of().parseHex(hex))).isNull();
    }

    @Test
    void shouldReadPlainUtf8AndEveryEscapeAsJacksonDoes() {
        byte[] body = "{\"a\":\"caf\u00e9 \u2603 \ud83d\ude00 \\u00e9\\ud83d\\ude00\\ud800\\n\\/\\\\\\\"\\t\\b\\f\\r\"}\t\n "
                .getBytes(StandardCharsets.UTF_8);

        assertThat(strictTokens(body)).isNotNull().isEqualTo(jacksonTokens(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1} x", "{\"a\":1}{}", "{\"a\":1", "{\"a\":[1,]}", "{\"a\":01}", "{\"a\":1.}",
        "{\"a\":.5}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":1x}",
        "{\"a\" 1}", "{,}", "{\"a\":1,}", "[1]", "\"s\"", "", " ", "{\"a\":NaN}", "{'a':1}", "{a:1}",
        "{\"a\":1}/*c*/", "{\"a\":\u00a0 1}", "{\"a\":\"\\u12G4\"}", "{\"a\":1234567890123456789}",
        "{\"a\":0.30000000000000004}"})
    void shouldStepAsideFromWhatJacksonRefusesOrWouldHaveToWorkOut(String body) {
        assertThat(strictTokens(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
    }

    /**
     * An escaped string longer than the scratch array a fresh reader starts with (a VAST adm, quotes escaped): the
     * array grows while the string is decoded, and the text must come from the grown one. Once read as an IO
     * failure of the first such answer on each event loop.
     */
    @ParameterizedTest
    @ValueSource(ints = {100, 127, 128, 129, 197, 423, 5_000})
    void shouldReadALongEscapedStringOnAFreshReader(int length) {
        String adm = "<VAST version=\\\"4.0\\\">" + "x".repeat(length) + "</VAST>";
        byte[] body = ("{\"adm\":\"" + adm + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(strictTokens(body)).isNotNull().isEqualTo(jacksonTokens(body));
    }

    @Test
    void shouldStepAsideFromNestingDeeperThanItsLimit() {
        String deep = "{\"a\":" + "[".repeat(StrictJsonTokens.MAX_DEPTH - 1) + "]".repeat(StrictJsonTokens.MAX_DEPTH - 1)
                + "}";
        String deeper = "{\"a\":" + "[".repeat(StrictJsonTokens.MAX_DEPTH) + "]".repeat(StrictJsonTokens.MAX_DEPTH) + "}";

        assertThat(strictTokens(deep.getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(strictTokens(deeper.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void shouldStepAsideFromAStringLongerThanItsLimit() {
        String longest = "{\"a\":\"" + "x".repeat(StrictJsonTokens.MAX_STRING_BYTES) + "\"}";
        String longer = "{\"a\":\"" + "x".repeat(StrictJsonTokens.MAX_STRING_BYTES + 1) + "\"}";

        assertThat(strictTokens(longest.getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(strictTokens(longer.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void shouldNotHandOutNamesAsWritten() {
        StrictJsonTokens tokens = new StrictJsonTokens();
        tokens.reset("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 0, 7);
        tokens.nextToken();

        assertThatThrownBy(tokens::nextFieldName).isSameAs(StrictJsonTokens.UNSURE);
    }

    /** Every token as text: kind, then the key, string or number (as both double and int) it carries. */
    private static List<String> strictTokens(byte[] body) {
        StrictJsonTokens tokens = new StrictJsonTokens();
        tokens.reset(body, 0, body.length);
        List<String> out = new ArrayList<>();
        try {
            for (JsonToken token = tokens.nextToken(); token != null; token = tokens.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    out.add(token + " " + tokens.currentKey());
                } else {
                    out.add(describe(token, tokens));
                }
            }
            return out;
        } catch (StrictJsonTokens.Unsure unsure) {
            return null;
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static List<String> jacksonTokens(byte[] body) {
        List<String> out = new ArrayList<>();
        try (JsonParser parser = JACKSON.createParser(body)) {
            JacksonTokens tokens = new JacksonTokens(parser);
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    out.add(token + " " + BidResponseKey.named(parser.currentName()));
                } else {
                    out.add(describe(token, tokens));
                }
            }
            return out;
        } catch (IOException e) {
            return List.of("Jackson refused it: " + e.getMessage());
        }
    }

    private static String describe(JsonToken token, JsonTokens tokens) throws IOException {
        return switch (token) {
            case VALUE_STRING -> token + " " + tokens.text() + " " + tokens.textIs(tokens.text());
            case VALUE_NUMBER_INT -> token + " " + Double.doubleToRawLongBits(tokens.doubleValue()) + " "
                    + tokens.intValue();
            case VALUE_NUMBER_FLOAT -> token + " " + Double.doubleToRawLongBits(tokens.doubleValue());
            default -> token.toString();
        };
    }

    /** A byte flipped, inserted, dropped or the end cut off, with bytes that matter to JSON and to UTF-8. */
    private static byte[] mutated(byte[] body, Random random) {
        if (body.length == 0) {
            return body;
        }
        byte[] interesting = {0, 0x01, 0x09, ' ', '"', '\\', '/', ',', ':', '{', '}', '[', ']', '0', '-', '.', 'e',
            'u', (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xE0, (byte) 0xED, (byte) 0xEF,
            (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};
        int at = random.nextInt(body.length);
        byte b = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] copy = body.clone();
                copy[at] = b;
                yield copy;
            }
            case 1 -> {
                byte[] copy = new byte[body.length + 1];
                System.arraycopy(body, 0, copy, 0, at);
                copy[at] = b;
                System.arraycopy(body, at, copy, at + 1, body.length - at);
                yield copy;
            }
            case 2 -> {
                byte[] copy = new byte[body.length - 1];
                System.arraycopy(body, 0, copy, 0, at);
                System.arraycopy(body, at + 1, copy, at, body.length - at - 1);
                yield copy;
            }
            case 3 -> Arrays.copyOf(body, at);
            default -> {
                byte[] sequence = utf8Edge(random);
                byte[] copy = new byte[body.length + sequence.length];
                System.arraycopy(body, 0, copy, 0, at);
                System.arraycopy(sequence, 0, copy, at, sequence.length);
                System.arraycopy(body, at, copy, at + sequence.length, body.length - at);
                yield copy;
            }
        };
    }

    /** A multi-byte sequence at the edges of well-formed UTF-8: overlong, surrogate, too high, cut, or fine. */
    private static byte[] utf8Edge(Random random) {
        int[] leads = {0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xF8, 0xFF};
        int[] followers = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0x20, 0x22};
        byte[] sequence = new byte[1 + random.nextInt(4)];
        sequence[0] = (byte) leads[random.nextInt(leads.length)];
        for (int i = 1; i < sequence.length; i++) {
            sequence[i] = (byte) followers[random.nextInt(followers.length)];
        }
        return sequence;
    }

    /** Random JSON objects: the reader's keys and others, every kind of value, string and number. */
    private static final class Documents {
        private static final String[] NAMES = {"id", "seatbid", "bid", "impid", "price", "adm", "dur", "adomain", "crid",
            "slotinpod", "nurl", "ext", "Id", "ids", "", "caf\u00e9", "x"};
        private static final String[] NUMBERS = {"0", "-0", "7", "-15", "2147483648", "-2147483649", "4294967326",
            "123456789012345678", "-123456789012345678", "1234567890123456789", "99999999999999999999", "2.35", "0.1",
            "-0.0", "1e5", "1E+2", "3e-2", "1.25e1", "0.30000000000000004", "1e400", "4.9e-324", "12345678901234.5",
            "900719925474098.5", "9007199254740993.0"};
        private final Random random;
        private final StringBuilder out = new StringBuilder(512);

        Documents(Random random) {
            this.random = random;
        }

        byte[] body() {
            whitespace();
            object(0);
            whitespace();
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }

        private void value(int depth) {
            switch (random.nextInt(depth > 6 ? 6 : 8)) {
                case 0 -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
                case 1, 2 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
                case 3, 4, 5 -> string(randomText());
                case 6 -> object(depth + 1);
                default -> array(depth + 1);
            }
        }

        private void object(int depth) {
            out.append('{');
            for (int i = random.nextInt(5); i > 0; i--) {
                whitespace();
                string(random.nextInt(4) == 0 ? randomText() : NAMES[random.nextInt(NAMES.length)]);
                whitespace();
                out.append(':');
                whitespace();
                value(depth);
                whitespace();
                if (i > 1) {
                    out.append(',');
                }
            }
            out.append('}');
        }

        private void array(int depth) {
            out.append('[');
            for (int i = random.nextInt(4); i > 0; i--) {
                whitespace();
                value(depth);
                whitespace();
                if (i > 1) {
                    out.append(',');
                }
            }
            out.append(']');
        }

        private void whitespace() {
            if (random.nextInt(5) == 0) {
                out.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }

        private String randomText() {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                switch (random.nextInt(6)) {
                    case 0 -> text.append((char) random.nextInt(0x20));
                    case 1 -> text.append("\"\\/<>&'".charAt(random.nextInt(7)));
                    case 2 -> text.append((char) (0x80 + random.nextInt(0x780)));
                    case 3 -> text.append((char) (0x800 + random.nextInt(0xF7FF)));
                    case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    default -> text.append((char) (0x20 + random.nextInt(0x5F)));
                }
            }
            return text.toString();
        }

        /** JSON-escaped, in all the ways a partner may write it, lone surrogates included as escapes. */
        private void string(String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c == '\n' && random.nextBoolean()) {
                    out.append("\\n");
                } else if (c < 0x20 || Character.isSurrogate(c) && random.nextInt(3) == 0 || random.nextInt(40) == 0) {
                    out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                } else if (c == '/' && random.nextBoolean()) {
                    out.append("\\/");
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }
}
