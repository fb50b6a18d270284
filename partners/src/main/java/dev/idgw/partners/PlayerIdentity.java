package dev.idgw.partners;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.EnumSet;
import java.util.Set;

/**
 * The identity the gateway holds for one ad request: the device's advertising ID (as the player sent
 * it, lowercased), the addresses closest to the device, and the SHA-256 of the normalized email from
 * the consent record. Any part may be absent (null). This is what may travel; whether it does is the
 * decision's business.
 */
public record PlayerIdentity(
        String deviceId,
        String ifaType,
        Inet4Address ipv4,
        Inet6Address ipv6,
        byte[] emailSha256) {

    public PlayerIdentity {
        if (emailSha256 != null && emailSha256.length != 32) {
            throw new IllegalArgumentException("email hash must be 32 bytes of SHA-256");
        }
        emailSha256 = emailSha256 == null ? null : emailSha256.clone();
    }

    public static PlayerIdentity none() {
        return new PlayerIdentity(null, null, null, null, null);
    }

    public PlayerIdentity withEmailSha256(byte[] hash) {
        return new PlayerIdentity(deviceId, ifaType, ipv4, ipv6, hash);
    }

    @Override
    public byte[] emailSha256() {
        return emailSha256 == null ? null : emailSha256.clone();
    }

    /** The fields this request actually has a value for. */
    public Set<Field> available() {
        EnumSet<Field> fields = EnumSet.noneOf(Field.class);
        if (deviceId != null) {
            fields.add(Field.DEVICE_ID);
        }
        if (ipv4 != null || ipv6 != null) {
            fields.add(Field.IP);
        }
        if (emailSha256 != null) {
            fields.add(Field.HASHED_EMAIL);
        }
        return fields;
    }

    @Override
    public String toString() {
        return "PlayerIdentity[available=" + available() + "]"; // never the values: logs must not carry them
    }
}
