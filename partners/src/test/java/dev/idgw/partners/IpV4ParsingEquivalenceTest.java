package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The hand-written dotted-quad reader of {@link IpAddresses#parseV4} against the regular expression it replaced. */
class IpV4ParsingEquivalenceTest {
    private static final Pattern REFERENCE = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final String ALPHABET = "0123456789012345678901234567890123456789....... x:-+\u0661";

    @Property(tries = 20_000)
    void shouldAcceptExactlyWhatTheRegexAccepted(@ForAll Random random) throws UnknownHostException {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(18); i > 0; i--) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        if (random.nextBoolean()) {
            text.setLength(0);
            for (int part = 0; part < 4; part++) {
                text.append(part == 0 ? "" : ".").append(random.nextInt(4) == 0 ? "0" + random.nextInt(30)
                        : Integer.toString(random.nextInt(300)));
            }
        }
        String s = text.toString();

        Optional<Inet4Address> expected = REFERENCE.matcher(s).matches()
                ? Optional.of((Inet4Address) InetAddress.getByName(s)) : Optional.empty();

        assertThat(IpAddresses.parseV4(s)).as(s).isEqualTo(expected);
    }
}
