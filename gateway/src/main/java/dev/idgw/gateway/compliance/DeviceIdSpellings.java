package dev.idgw.gateway.compliance;

import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.requests.Pseudonyms;
import dev.idgw.keys.HmacKey;
import dev.idgw.keys.KeyRing;
import dev.idgw.keys.KeyedHasher;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spellings a device ID may have been stored under, from the one a person typed: trimmed and lowercased as the
 * gateway normalizes it, and for an advertising ID (a UUID: IDFA, AAID, Roku RIDA …) both with and without its
 * dashes, braces or {@code urn:uuid:} prefix, since players and support tickets write it either way. A subject
 * lookup hashes every spelling, so {@code 6F1C2D3E000040008000000000000AA1} finds what was shared for
 * {@code 6f1c2d3e-0000-4000-8000-000000000aa1}.
 */
final class DeviceIdSpellings {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private DeviceIdSpellings() {
    }

    /**
     * Every pseudonym the devices' records may carry: each spelling under each pseudonym key the ring still holds
     * (the subject lookups of shares and of consumer requests both search by these).
     */
    static Set<String> pseudonyms(Collection<String> deviceIds, KeyRing ring) {
        Set<String> out = new HashSet<>();
        for (HmacKey key : ring.hmacKeys().values()) {
            KeyedHasher hasher = new KeyedHasher(key);
            for (String deviceId : deviceIds) {
                for (String spelling : of(deviceId)) {
                    out.add(Pseudonyms.device(hasher, spelling));
                }
            }
        }
        return out;
    }

    static Set<String> of(String typed) {
        Set<String> out = new LinkedHashSet<>();
        String normalized = ConsentKeys.normalizeDeviceId(typed);
        out.add(normalized);
        String bare = normalized;
        if (bare.startsWith("urn:uuid:")) {
            bare = bare.substring("urn:uuid:".length());
        }
        if (bare.startsWith("{") && bare.endsWith("}")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        String hex = bare.replace("-", "").toLowerCase(Locale.ROOT);
        if (HEX32.matcher(hex).matches()) {
            out.add(hex);
            out.add(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20));
        }
        return out;
    }
}
