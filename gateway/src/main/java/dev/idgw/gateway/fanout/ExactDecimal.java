package dev.idgw.gateway.fanout;

/**
 * A JSON number's text as a double, for the short decimals partners send as prices, without the String and
 * digit buffers {@code Double.parseDouble} (and so Jackson's {@code getDoubleValue}) allocates for each.
 *
 * <p>Exact, not an approximation. When the digits without the point form an integer {@code m <= 2^53} and the
 * decimal exponent {@code e} lies within ±22, both {@code m} and {@code 10^|e|} are doubles exactly, so one IEEE
 * multiplication or division rounds the true value {@code m * 10^e} once, to nearest even: the very double
 * {@code Double.parseDouble} returns, whose contract is that rounding (and whose own first path is this one).
 * Any other text, longer digits or a larger exponent, answers {@link #UNKNOWN}, and the caller asks Jackson.
 */
final class ExactDecimal {
    /** No JSON number reads as NaN, so NaN can only mean "not on the exact path". */
    static final double UNKNOWN = Double.NaN;

    private static final long EXACT_LIMIT = 1L << 53;
    /** The largest mantissa that one more digit keeps within {@link #EXACT_LIMIT}. */
    private static final long LAST_SAFE_BEFORE_A_DIGIT = (EXACT_LIMIT - 9) / 10;
    /** Every power of ten up to 10^22 is a double exactly (5^22 < 2^53). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final int MAX_POWER = POWERS_OF_TEN.length - 1;
    /**
     * Stops reading an exponent before it overflows: past this it leaves ±22 for any fraction Jackson lets through
     * (a number has 1,000 characters at most), and were it not to, the caller's fallback is exact anyway.
     */
    private static final int EXPONENT_CAP = 10_000;

    private ExactDecimal() {
    }

    /** The number {@code text[offset, offset + length)} spells, or {@link #UNKNOWN} off the exact path. */
    static double parse(char[] text, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int fractionDigits = 0;
        boolean anyDigit = false;
        boolean point = false;
        for (; i < end; i++) {
            char c = text[i];
            if (c >= '0' && c <= '9') {
                if (mantissa > LAST_SAFE_BEFORE_A_DIGIT) {
                    return UNKNOWN;
                }
                mantissa = mantissa * 10 + (c - '0');
                fractionDigits += point ? 1 : 0;
                anyDigit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return UNKNOWN;
        }
        int exponent = 0;
        if (i < end) {
            if (text[i] != 'e' && text[i] != 'E') {
                return UNKNOWN;
            }
            i++;
            boolean negativeExponent = i < end && text[i] == '-';
            if (i < end && (text[i] == '-' || text[i] == '+')) {
                i++;
            }
            if (i == end) {
                return UNKNOWN;
            }
            for (; i < end; i++) {
                char c = text[i];
                if (c < '0' || c > '9') {
                    return UNKNOWN;
                }
                exponent = exponent * 10 + (c - '0');
                if (exponent > EXPONENT_CAP) {
                    return UNKNOWN;
                }
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        int scale = exponent - fractionDigits;
        if (scale < -MAX_POWER || scale > MAX_POWER) {
            return UNKNOWN;
        }
        double magnitude = scale < 0 ? mantissa / POWERS_OF_TEN[-scale] : mantissa * POWERS_OF_TEN[scale];
        return negative ? -magnitude : magnitude;
    }
}
