package dev.idgw.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact path gives {@code Double.parseDouble}'s double to the bit, or steps aside. */
class ExactDecimalTest {

    @Property(tries = 20_000)
    void shouldReadAsDoubleParseDoubleOrNotAtAll(@ForAll("jsonDecimals") String text) {
        double exact = ExactDecimal.parse(text.toCharArray(), 0, text.length());
        Statistics.collect(Double.isNaN(exact) ? "left to Jackson" : "exact path");

        if (!Double.isNaN(exact)) {
            assertThat(Double.doubleToRawLongBits(exact)).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.35", "0.01", "1.25e1", "3E-2", "-0.0", "900719925474098.5",
        "1e22", "1e-22", "0.0000000000000000000001", "12345678901234.5", "5E+2"})
    void shouldTakeTheExactPathForPricesAsPartnersWriteThem(String text) {
        char[] padded = ("[" + text + "]").toCharArray();

        assertThat(Double.doubleToRawLongBits(ExactDecimal.parse(padded, 1, text.length())))
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740993.0", "0.30000000000000004", "1e23", "1e-23", "1e400", "4.9e-324", "0.1000000000000000055511151231257827",
        "1e99999999999"})
    void shouldLeaveToJacksonWhatOneRoundingCannotGetRight(String text) {
        assertThat(ExactDecimal.parse(text.toCharArray(), 0, text.length())).isNaN();
    }

    /** JSON number text: sign, integer part without leading zeros, fraction, exponent, in every mix. */
    @Provide
    Arbitrary<String> jsonDecimals() {
        Arbitrary<String> sign = Arbitraries.of("", "", "-");
        Arbitrary<String> integer = Arbitraries.oneOf(Arbitraries.just("0"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(19).filter(s -> s.charAt(0) != '0'));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(s -> "." + s));
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                        Arbitraries.integers().between(0, 40).map(String::valueOf)).as((e, s, n) -> e + s + n));
        return Combinators.combine(sign, integer, fraction, exponent).as((s, i, f, e) -> s + i + f + e);
    }
}
