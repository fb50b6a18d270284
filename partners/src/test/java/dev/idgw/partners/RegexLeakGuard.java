package dev.idgw.partners;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leak guard as it was before #11, one regular expression per shape: kept as the reference the
 * regex-free {@link LeakGuard} is compared with ({@code LeakGuardEquivalenceTest}).
 */
final class RegexLeakGuard {
    private static final Pattern EMAIL_LIKE = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
    private static final Pattern HEX_64 = Pattern.compile("(?i)(^|[^0-9a-f])[0-9a-f]{64}($|[^0-9a-f])");
    private static final Pattern PERCENT_AT = Pattern.compile("(?i)%40");
    /** A base64 (standard or URL-safe) rendering of 32 bytes: a SHA-256 hash, e.g. an email hash we do not know. */
    private static final Pattern BASE64_32 = Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{42}[AEIMQUYcgkosw048]=?(?![A-Za-z0-9+/_=-])");
    private static final int MAX_TEXT = 2048;

    private static final Pattern IPV4_LIKE = Pattern.compile("(?<![0-9])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![0-9])");
    private static final Pattern IPV6_LIKE = Pattern.compile("(?<![0-9A-Fa-f:])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private final List<String> needles; // lowercase
    private final byte[] ipv4;
    private final byte[] ipv6;

    private RegexLeakGuard(List<String> needles, byte[] ipv4, byte[] ipv6) {
        this.needles = needles;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    static RegexLeakGuard forIdentity(PlayerIdentity identity, List<String> extraValues) {
        List<String> n = new ArrayList<>();
        if (identity.deviceId() != null) {
            addSpellings(n, identity.deviceId());
        }
        if (identity.ipv4() != null) {
            n.add(identity.ipv4().getHostAddress());
        }
        if (identity.ipv6() != null) {
            n.add(IpAddresses.canonicalV6(identity.ipv6()));
            n.add(identity.ipv6().getHostAddress().toLowerCase(Locale.ROOT));
        }
        byte[] email = identity.emailSha256();
        if (email != null) {
            n.add(HexFormat.of().formatHex(email));
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(email).toLowerCase(Locale.ROOT);
            n.add(b64);
            n.add(Base64.getUrlEncoder().withoutPadding().encodeToString(email).toLowerCase(Locale.ROOT));
        }
        for (String v : extraValues) {
            if (v != null && v.length() >= 6) {
                addSpellings(n, v);
            }
        }
        return new RegexLeakGuard(List.copyOf(n), identity.ipv4() == null ? null : identity.ipv4().getAddress(),
                identity.ipv6() == null ? null : identity.ipv6().getAddress());
    }

    private static void addSpellings(List<String> n, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        n.add(lower);
        String compact = lower.replace("-", "");
        if (!compact.equals(lower) && compact.length() >= 6) {
            n.add(compact);
        }
    }

    /** True when {@code text} may be copied into a partner payload. */
    public boolean allows(String text) {
        if (text == null || text.length() > MAX_TEXT) {
            return false;
        }
        if (text.indexOf('@') >= 0 && EMAIL_LIKE.matcher(text).find()) {
            return false;
        }
        if (PERCENT_AT.matcher(text).find()) {
            return false;
        }
        if (text.length() >= 64 && HEX_64.matcher(text).find()) {
            return false;
        }
        // When consent cannot be read the gateway does not know the email hash, so any hash-shaped
        // token is dropped: a player must not be able to route one through a contextual field.
        if (text.length() >= 43 && BASE64_32.matcher(text).find()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String compact = lower.indexOf('-') >= 0 ? lower.replace("-", "") : lower;
        for (String needle : needles) {
            if (lower.contains(needle) || compact.contains(needle)) {
                return false;
            }
        }
        return !containsAddress(text);
    }

    /** Addresses have many spellings (leading zeros, "::" anywhere, case): compare them as numbers. */
    private boolean containsAddress(String text) {
        if (ipv4 != null && text.indexOf('.') >= 0) {
            Matcher m = IPV4_LIKE.matcher(text);
            while (m.find()) {
                boolean same = true;
                for (int i = 0; i < 4 && same; i++) {
                    same = Integer.parseInt(m.group(i + 1)) == (ipv4[i] & 0xff);
                }
                if (same) {
                    return true;
                }
            }
        }
        if (ipv6 != null && text.indexOf(':') >= 0) {
            Matcher m = IPV6_LIKE.matcher(text);
            while (m.find()) {
                var parsed = IpAddresses.parseV6(m.group());
                if (parsed.isPresent() && java.util.Arrays.equals(parsed.get().getAddress(), ipv6)) {
                    return true;
                }
            }
        }
        return false;
    }
}
