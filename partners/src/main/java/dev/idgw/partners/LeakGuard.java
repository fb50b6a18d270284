package dev.idgw.partners;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The last line of defence for contextual text copied from a player's request: a string that contains
 * the request's own identifiers in any common spelling (case, without dashes, hex, base64), or
 * anything shaped like an email address or a 64-hex hash, is dropped. The allowlist already keeps
 * identity fields out; this catches a player that smuggles an identifier into, say, the app name.
 *
 * <p>Every string of every request passes through here, so it is written as plain scans over the
 * text with the spellings prepared once per request: no regular expressions, no lower-cased copies,
 * nothing allocated per string unless the text looks like an IPv6 address. {@code
 * LeakGuardEquivalenceTest} holds it to the regular-expression version it replaced.
 */
public final class LeakGuard {
    private static final int MAX_TEXT = 2048;
    private static final int SHA256_HEX = 64;
    /** Base64 of 32 bytes without padding: 42 full characters and one that carries 2 bits. */
    private static final int SHA256_BASE64 = 43;

    private final char[][] needles; // lowercase spellings of this request's identifiers
    private final byte[] ipv4;
    private final byte[] ipv6;

    private LeakGuard(char[][] needles, byte[] ipv4, byte[] ipv6) {
        this.needles = needles;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public static LeakGuard forIdentity(PlayerIdentity identity, List<String> extraValues) {
        return forIdentity(new IdentityForms(identity), extraValues);
    }

    /** The guard for a request whose identity forms its partners' payloads also use. */
    public static LeakGuard forIdentity(IdentityForms forms, List<String> extraValues) {
        PlayerIdentity identity = forms.identity();
        // Spellings go straight to lowercase char arrays: once per request, but every request.
        List<char[]> n = new ArrayList<>(8);
        if (identity.deviceId() != null) {
            addSpellings(n, identity.deviceId());
        }
        if (identity.ipv4() != null) {
            add(n, forms.ipv4().toCharArray());
        }
        if (identity.ipv6() != null) {
            add(n, forms.ipv6().toCharArray());
            add(n, identity.ipv6().getHostAddress().toLowerCase(Locale.ROOT).toCharArray());
        }
        byte[] email = forms.emailSha256();
        if (email != null) {
            add(n, forms.emailHex().toCharArray());
            byte[] base64 = Base64.getEncoder().withoutPadding().encode(email);
            add(n, lowerAscii(base64, false));
            add(n, lowerAscii(base64, true));
        }
        for (String v : extraValues) {
            if (v != null && v.length() >= 6) {
                addSpellings(n, v);
            }
        }
        return new LeakGuard(n.toArray(new char[0][]),
                identity.ipv4() == null ? null : identity.ipv4().getAddress(),
                identity.ipv6() == null ? null : identity.ipv6().getAddress());
    }

    /** The value in lower case and, when it has dashes, without them too. */
    private static void addSpellings(List<char[]> n, String value) {
        char[] lower = value.toLowerCase(Locale.ROOT).toCharArray();
        add(n, lower);
        int dashes = 0;
        for (char c : lower) {
            dashes += c == '-' ? 1 : 0;
        }
        if (dashes > 0 && lower.length - dashes >= 6) {
            char[] compact = new char[lower.length - dashes];
            int k = 0;
            for (char c : lower) {
                if (c != '-') {
                    compact[k++] = c;
                }
            }
            add(n, compact);
        }
    }

    /** Distinct spellings only, first occurrence kept. */
    private static void add(List<char[]> n, char[] spelling) {
        for (char[] known : n) {
            if (Arrays.equals(known, spelling)) {
                return;
            }
        }
        n.add(spelling);
    }

    /** Base64 in lower case; {@code urlSafe}: with the URL alphabet's '-' and '_' for '+' and '/'. */
    private static char[] lowerAscii(byte[] base64, boolean urlSafe) {
        char[] out = new char[base64.length];
        for (int i = 0; i < base64.length; i++) {
            char c = (char) base64[i];
            if (urlSafe && (c == '+' || c == '/')) {
                c = c == '+' ? '-' : '_';
            }
            out[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return out;
    }

    /** True when {@code text} may be copied into a partner payload. */
    public boolean allows(String text) {
        if (text == null || text.length() > MAX_TEXT) {
            return false;
        }
        return !looksLikeEmail(text) && !containsPercentAt(text) && !hasHexRunOf64(text) && !hasBase64Hash(text)
                && !containsNeedle(text) && !containsAddress(text);
    }

    /** Something@something.something, none of the parts holding whitespace or another '@'. */
    private static boolean looksLikeEmail(String text) {
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            if (at == 0 || !isEmailChar(text.charAt(at - 1))) {
                continue;
            }
            // After the '@': a run of email characters with a '.' that has a character on both sides.
            int end = at + 1;
            while (end < text.length() && isEmailChar(text.charAt(end))) {
                end++;
            }
            for (int dot = at + 2; dot < end - 1; dot++) {
                if (text.charAt(dot) == '.') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isEmailChar(char c) {
        return c != '@' && !isRegexWhitespace(c);
    }

    /** What {@code \s} matched in the regular expressions this replaced. */
    private static boolean isRegexWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** "%40", an URL-encoded '@', in any case. */
    private static boolean containsPercentAt(String text) {
        for (int i = text.indexOf('%'); i >= 0 && i + 2 < text.length(); i = text.indexOf('%', i + 1)) {
            if (text.charAt(i + 1) == '4' && text.charAt(i + 2) == '0') {
                return true;
            }
        }
        return false;
    }

    /** A run of exactly 64 hex digits: a SHA-256 hash, e.g. of an email. */
    private static boolean hasHexRunOf64(String text) {
        if (text.length() < SHA256_HEX) {
            return false;
        }
        int run = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && isHex(text.charAt(i))) {
                run++;
            } else {
                if (run == SHA256_HEX) {
                    return true;
                }
                run = 0;
            }
        }
        return false;
    }

    /**
     * A base64 (standard or URL-safe) rendering of 32 bytes: a run of exactly 43 base64 characters whose
     * last one carries only two bits, optionally followed by one '='. When consent cannot be read the
     * gateway does not know the email hash, so any hash-shaped token is dropped.
     */
    private static boolean hasBase64Hash(String text) {
        if (text.length() < SHA256_BASE64) {
            return false;
        }
        int run = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && isBase64(text.charAt(i))) {
                run++;
                continue;
            }
            if (run == SHA256_BASE64 && isLastOf32Bytes(text.charAt(i - 1)) && paddingEndsAt(text, i)) {
                return true;
            }
            run = 0;
        }
        return false;
    }

    /** After the run at {@code i}: the end, or one '=' at most, then anything but base64 or '='. */
    private static boolean paddingEndsAt(String text, int i) {
        if (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return i == text.length() || !(isBase64(text.charAt(i)) || text.charAt(i) == '=');
    }

    private static boolean isLastOf32Bytes(char c) {
        return "AEIMQUYcgkosw048".indexOf(c) >= 0;
    }

    private static boolean isBase64(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '_' || c == '-';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** Any spelling of this request's identifiers, in any case, with or without the text's dashes. */
    private boolean containsNeedle(String text) {
        boolean dashes = text.indexOf('-') >= 0;
        for (char[] needle : needles) {
            // Skipping dashes only shortens the text: a needle longer than the text is in neither. Most
            // contextual strings ("video/mp4", a title) are shorter than a device ID or an email hash.
            if (needle.length <= text.length()
                    && (contains(text, needle, false) || dashes && contains(text, needle, true))) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive search for a lowercase needle; {@code skipDashes}: as if the text had none. */
    private static boolean contains(String text, char[] needle, boolean skipDashes) {
        int n = text.length();
        char first = needle[0];
        for (int start = 0; start < n; start++) {
            char s = text.charAt(start);
            if (skipDashes && s == '-' || lower(s) != first) {
                continue;
            }
            int t = start + 1;
            int k = 1;
            while (k < needle.length && t < n) {
                char c = text.charAt(t++);
                if (skipDashes && c == '-') {
                    continue;
                }
                if (lower(c) != needle[k]) {
                    break;
                }
                k++;
            }
            if (k == needle.length) {
                return true;
            }
        }
        return false;
    }

    /** {@link Character#toLowerCase(char)}, with ASCII (nearly all of it) done without the table lookup. */
    private static char lower(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(c); // a few non-ASCII letters lower-case to ASCII (KELVIN SIGN → k)
    }

    /** Addresses have many spellings (leading zeros, "::" anywhere, case): compare them as numbers. */
    private boolean containsAddress(String text) {
        return ipv4 != null && text.indexOf('.') >= 0 && containsIpv4(text)
                || ipv6 != null && text.indexOf(':') >= 0 && containsIpv6(text);
    }

    /** Every a.b.c.d of 1-3 digit numbers not inside a longer number, from every starting digit. */
    private boolean containsIpv4(String text) {
        int n = text.length();
        for (int start = 0; start < n; start++) {
            if (!isDigit(text.charAt(start)) || start > 0 && isDigit(text.charAt(start - 1))) {
                continue;
            }
            int i = start;
            boolean same = true;
            int part = 0;
            for (; part < 4; part++) {
                int digits = 0;
                int value = 0;
                while (i < n && isDigit(text.charAt(i)) && digits < 3) {
                    value = value * 10 + (text.charAt(i++) - '0');
                    digits++;
                }
                if (digits == 0 || i < n && isDigit(text.charAt(i))) {
                    break; // no number, or one of four digits or more
                }
                same &= value == (ipv4[part] & 0xff);
                if (part < 3) {
                    if (i >= n || text.charAt(i) != '.') {
                        break;
                    }
                    i++;
                }
            }
            if (part == 4 && same) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every run of hex digits, ':' and '.' with two colons or more, read as an address from its start and
     * from after each '.' in it (a dotted prefix is not part of an address).
     */
    private boolean containsIpv6(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isAddressChar(text.charAt(i))) {
                i++;
                continue;
            }
            int runStart = i;
            int colons = 0;
            while (i < n && isAddressChar(text.charAt(i))) {
                colons += text.charAt(i) == ':' ? 1 : 0;
                i++;
            }
            if (colons >= 2 && matchesIpv6(text, runStart, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesIpv6(String text, int runStart, int runEnd) {
        for (int s = runStart; s < runEnd; s++) {
            if (s == runStart || text.charAt(s - 1) == '.') {
                var parsed = IpAddresses.parseV6(text.substring(s, runEnd));
                if (parsed.isPresent() && Arrays.equals(parsed.get().getAddress(), ipv6)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAddressChar(char c) {
        return isHex(c) || c == ':' || c == '.';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
