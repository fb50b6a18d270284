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
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /**
     * A dotted quad of decimal numbers 0-255 without leading zeros ("203.0.113.07" is refused: some
     * readers take it as octal). Read by hand, as it runs for every request without a device.ip.
     */
    public static Optional<Inet4Address> parseV4(String text) {
        byte[] address = text == null ? null : dottedQuad(text);
        if (address == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return Optional.empty(); // only for a wrong length, which four parts cannot have
        }
    }

    /** The four bytes of a strict dotted quad, or null. */
    private static byte[] dottedQuad(String text) {
        int n = text.length();
        if (n < 7 || n > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int i = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= n || text.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i++) - '0');
            }
            int digits = i - start;
            if (digits == 0 || digits > 1 && text.charAt(start) == '0' || value > 255) {
                return null;
            }
            out[part] = (byte) value;
        }
        return i == n ? out : null;
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
