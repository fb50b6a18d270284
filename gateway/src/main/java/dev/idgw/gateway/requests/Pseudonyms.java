package dev.idgw.gateway.requests;

import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.keys.KeyedHasher;

/**
 * The pseudonyms consumer requests are kept under: the keyed hash the share log uses for a device ID
 * (normalized as the consent records are), and the same hash of {@code account:<id>} for an account. The
 * compliance API finds a subject's records by hashing what it is given the same way.
 */
public final class Pseudonyms {
    private Pseudonyms() {
    }

    public static String device(KeyedHasher hasher, String deviceId) {
        return hasher.hex(ConsentKeys.normalizeDeviceId(deviceId));
    }

    public static String account(KeyedHasher hasher, String accountId) {
        return hasher.hex(ConsentKeys.normalizeDeviceId("account:" + accountId));
    }
}
