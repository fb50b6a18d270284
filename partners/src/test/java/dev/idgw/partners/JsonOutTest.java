package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonOut} writes strings and numbers exactly as a Jackson generator does: share records are
 * hashed, so a different escape would be a different ledger, and payloads must stay what they were.
 */
class JsonOutTest {
    private static final JsonFactory JSON = new JsonFactory();

    @Property(tries = 3000)
    void shouldWriteStringsAsJacksonDoes(@ForAll("text") String value) throws IOException {
        String expected;
        try {
            expected = jackson(g -> g.writeString(value));
        } catch (IOException | RuntimeException e) {
            expected = "refused";
        }
        String actual;
        try {
            actual = JsonOut.reuse().string(value).toString();
        } catch (RuntimeException e) {
            actual = "refused";
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void shouldWriteNumbersAsJacksonDoes(@ForAll long value) throws IOException {
        assertThat(JsonOut.reuse().number(value).toString()).isEqualTo(jackson(g -> g.writeNumber(value)));
    }

    @Property(tries = 2000)
    void shouldWriteDoublesAsJacksonDoes(@ForAll double value) throws IOException {
        assertThat(JsonOut.reuse().number(value).toString()).isEqualTo(jackson(g -> g.writeNumber(value)));
    }

    @Test
    void shouldWriteTheDoublesThatAreNotNumbersAsJacksonDoes() throws IOException {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e7}) {
            assertThat(JsonOut.reuse().number(value).toString()).isEqualTo(jackson(g -> g.writeNumber(value)));
        }
    }

    @Test
    void shouldWriteTheEdgesOfLong() throws IOException {
        for (long value : new long[] {0, 9, 10, -1, -10, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            assertThat(JsonOut.reuse().number(value).toString()).isEqualTo(jackson(g -> g.writeNumber(value)));
        }
    }

    @Test
    void shouldStartEmptyWhenTakenAgainAndGrowPastItsBuffer() {
        String big = "x".repeat(100_000);
        JsonOut out = JsonOut.reuse().string(big);
        assertThat(out.size()).isEqualTo(100_002);
        assertThat(out.toByteArray()).hasSize(100_002);
        assertThat(JsonOut.reuse().raw('{').raw('}').toString()).isEqualTo("{}");
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30),
                Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080\u00e9\u2028\u2029"
                        + "\ud800\udbff\udc00\udfff\uffff\ufeffab").ofMaxLength(12));
    }

    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static String jackson(Writing writing) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writing.to(g);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
