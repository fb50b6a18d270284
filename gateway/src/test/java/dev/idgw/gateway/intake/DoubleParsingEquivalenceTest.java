package dev.idgw.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.failure.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Intake reads fractional numbers with Jackson's fast double parser (no String per number): an imp's
 * bidfloor must come out as the very double {@link Double#parseDouble} makes of the same text, the
 * one the tree parser gave. Texts of every shape: short and long mantissas (past 19 digits the fast
 * parser takes its slow path), exponents near the ends of the range, subnormals, halfway cases.
 */
class DoubleParsingEquivalenceTest {
    private static final AdPodRequestParser PARSER = new AdPodRequestParser(TrustedProxies.none());
    private static final String[] EDGES = {"0.0", "0.1", "2.5", "4.9e-324", "2.4703282292062327e-324",
            "2.2250738585072011e-308", "2.2250738585072014E-308", "1.7976931348623157e308", "9007199254740993.0",
            "9007199254740992.5", "0.30000000000000004", "123456789012345678901234567890.5e-10", "1e22", "1e23",
            "8.41e21", "5e-324", "0.000000000000000000000000000000000000000001"};

    @Property(tries = 5_000)
    void shouldReadTheDoubleThatDoubleParseDoubleReads(@ForAll Random random) {
        String number = number(random);
        byte[] body = ("{\"id\": \"r\", \"imp\": [{\"id\": \"1\", \"bidfloor\": " + number
                + ", \"video\": {\"mimes\": [\"video/mp4\"]}}]}").getBytes(StandardCharsets.UTF_8);

        double floor;
        try {
            floor = PARSER.parse(body, null, "198.51.100.77", null).imps().get(0).bidFloor();
        } catch (GatewayException e) {
            throw new AssertionError(number + " refused: " + e.detail(), e);
        }

        assertThat(Double.doubleToRawLongBits(floor)).as(number)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(number)));
    }

    private static String number(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> EDGES[random.nextInt(EDGES.length)];
            case 1 -> Double.toString(Math.abs(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)));
            case 2 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
            default -> {
                // at most 51 characters (intake refuses numbers over 64) and finite (a floor must be)
                int more = random.nextInt(20);
                StringBuilder s = new StringBuilder().append(more == 0 ? random.nextInt(10) : 1 + random.nextInt(9));
                for (int i = more; i > 0; i--) {
                    s.append(random.nextInt(10));
                }
                s.append('.');
                for (int i = 1 + random.nextInt(25); i > 0; i--) {
                    s.append(random.nextInt(10));
                }
                if (random.nextBoolean()) {
                    s.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "")
                            .append(random.nextInt(280));
                }
                yield s.toString();
            }
        };
    }
}
