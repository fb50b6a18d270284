package dev.idgw.partners;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parsing and truncation of IP literals without DNS: {@link InetAddress#getByName} would resolve a
 * host name, so only strict literals are accepted here.
 */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    public static Optional<Inet4Address> parseV4(String text) {
        if (text == null || !IPV4.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public static Optional<Inet6Address> parseV6(String text) {
        // InetAddress treats text as a literal only when it starts with a hex digit or ':'; anything
        // else (".::1") would be resolved as a host name, a DNS lookup on the event loop.
        if (text == null || !IPV6_CHARS.matcher(text).matches() || !text.contains(":")
                || (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':')) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return a instanceof Inet6Address v6 ? Optional.of(v6) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Keeps the first 24 bits: 203.0.113.7 becomes 203.0.113.0. */
    public static String truncateV4(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0";
    }

    /** Keeps the first 56 bits, which also drops the 64-bit interface identifier. */
    public static String truncateV6(Inet6Address address) {
        byte[] b = address.getAddress();
        for (int i = 7; i < 16; i++) {
            b[i] = 0;
        }
        return canonicalV6(b);
    }

    /** RFC 5952 text: lowercase, leading zeros dropped, the longest run of zero groups as "::". */
    public static String canonicalV6(Inet6Address address) {
        return canonicalV6(address.getAddress());
    }

    private static String canonicalV6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}
