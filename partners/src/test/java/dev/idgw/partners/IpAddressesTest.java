package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "203.0.113.7, 203.0.113.0",
            "1.2.3.4, 1.2.3.0",
            "10.0.0.255, 10.0.0.0",
            "255.255.255.255, 255.255.255.0",
            "192.168.1.0, 192.168.1.0",
            "0.0.0.0, 0.0.0.0"})
    void shouldTruncateIpv4To24Bits(String address, String truncated) {
        assertThat(IpAddresses.truncateV4(IpAddresses.parseV4(address).orElseThrow())).isEqualTo(truncated);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2001:db8::1, 2001:db8::",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::",
            "2001:DB8:ABCD:12FF:1:2:3:4, 2001:db8:abcd:1200::",
            "2001:db8:abcd:12ff::, 2001:db8:abcd:1200::",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1::",
            "2001:db8:85a3::8a2e:370:7334, 2001:db8:85a3::",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ff00::",
            "fe80::1, fe80::",
            "::1, ::",
            "::1.2.3.4, ::"})
    void shouldTruncateIpv6To56Bits(String address, String truncated) {
        assertThat(IpAddresses.truncateV6(IpAddresses.parseV6(address).orElseThrow())).isEqualTo(truncated);
    }

    @Test
    void shouldNotChangeTheAddressItTruncates() {
        Inet6Address address = IpAddresses.parseV6("2001:db8:abcd:12ff::1").orElseThrow();

        IpAddresses.truncateV6(address);

        assertThat(IpAddresses.canonicalV6(address)).isEqualTo("2001:db8:abcd:12ff::1");
    }

    @Test
    void shouldTruncateAnIpv4MappedAddressToNothingOfTheIpv4Part() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4};

        String truncated = IpAddresses.truncateV6(Inet6Address.getByAddress(null, mapped, -1));

        assertThat(truncated).isEqualTo("::");
    }

    @Test
    void shouldNotTakeAnIpv4MappedAddressAsIpv6() {
        // The JDK turns ::ffff:a.b.c.d into an Inet4Address; the gateway then has no IPv6 (fails closed).
        assertThat(IpAddresses.parseV6("::ffff:1.2.3.4")).isEmpty();
        assertThat(IpAddresses.parseV4("::ffff:1.2.3.4")).isEmpty();
    }

    /** RFC 5952 sections 2 and 4. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2001:0db8::0001, 2001:db8::1",
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8::0:1, 2001:db8::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8::1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8::0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0db8::1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:0:1::1, 2001:db8::1:0:0:1",
            "2001:db8:0000:0:1::1, 2001:db8::1:0:0:1",
            "2001:DB8:0:0:1::1, 2001:db8::1:0:0:1",
            "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
            "2001:db8:aaaa:bbbb:cccc:dddd:0:1, 2001:db8:aaaa:bbbb:cccc:dddd:0:1",
            "2001:db8:0:0:0::1, 2001:db8::1",
            "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:AAAA, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "1:0:0:0:0:0:0:0, 1::",
            "0:0:1:0:0:0:1:0, 0:0:1::1:0"})
    void shouldWriteIpv6AsRfc5952Text(String address, String canonical) {
        assertThat(IpAddresses.canonicalV6(IpAddresses.parseV6(address).orElseThrow())).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "0.0.0.0", "255.255.255.255", "10.0.0.1"})
    void shouldParseIpv4Literals(String text) {
        assertThat(IpAddresses.parseV4(text)).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "::1", "::", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001",
            "fe80::1"})
    void shouldParseIpv6Literals(String text) {
        assertThat(IpAddresses.parseV6(text)).isPresent();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"localhost", "LOCALHOST", "example.com", "ip6-localhost", "dead.beef", "cafe",
            "256.1.1.1", "1.256.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "0x7f.0.0.1", "2130706433",
            "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4", "::1", "1.2.3.4/24"})
    void shouldRejectAnythingButAStrictIpv4Literal(String text) {
        assertThat(NameLookups.during(() -> assertThat(IpAddresses.parseV4(text)).isEmpty())).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"localhost", "example.com", "ip6-localhost", "cafe", "dead.beef", "1.2.3.4", ":", ":::",
            "1:2", "2001:db8::1::1", "2001:db8:0:0:0:0:0:0:1", "12345::1", "::g", "[::1]", "fe80::1%eth0", "fe80::1%1",
            " ::1", "::1 ", "2001:db8::/32", "cafe:babe.face"})
    void shouldRejectAnythingButAnIpv6Literal(String text) {
        assertThat(NameLookups.during(() -> assertThat(IpAddresses.parseV6(text)).isEmpty())).isEmpty();
    }

    @Test
    void shouldNotResolveTheNamesItRejects() {
        List<String> lookups = NameLookups.during(() -> {
            IpAddresses.parseV4("localhost");
            IpAddresses.parseV6("localhost");
            IpAddresses.parseV4("example.com");
            IpAddresses.parseV6("example.com");
        });

        assertThat(lookups).isEmpty();
    }

    @Test
    void shouldSeeALookupWhenOneHappens() {
        // guards the guard: the recorder does notice a real name lookup
        List<String> lookups = NameLookups.during(() -> {
            try {
                InetAddress.getByName("localhost");
            } catch (UnknownHostException e) {
                // only the attempt matters
            }
        });

        assertThat(lookups).containsExactly("localhost");
    }

    @ParameterizedTest
    @ValueSource(strings = {".::1", "..:", ".cafe:babe", ".1:2:3"})
    void shouldNeverResolveAStringThatStartsWithADot(String text) {
        List<String> lookups = NameLookups.during(() -> assertThat(IpAddresses.parseV6(text)).isEmpty());

        assertThat(lookups).isEmpty();
    }
}
