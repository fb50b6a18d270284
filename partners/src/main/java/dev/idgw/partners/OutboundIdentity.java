package dev.idgw.partners;

import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The identity values one partner's payload will carry, already in that partner's format. Built only
 * by {@link #shape}, from the fields a decision allowed; every value not allowed is null, except the
 * truncated addresses a profile asks for, which are no longer identity.
 *
 * @param sentFields the identity fields actually present, which is what the share record lists
 * @param limitTracking true when the partner must treat the impression as untracked ({@code device.lmt=1})
 */
public record OutboundIdentity(
        String deviceId,
        String ifaType,
        String ipv4,
        String ipv6,
        String hashedEmail,
        boolean limitTracking,
        Set<Field> sentFields) {

    /**
     * @param allowed the fields the decision allows for this partner (already capped by its profile)
     * @param partnerHmac the partner's keyed hash of the raw email hash, for {@link EmailHashFormat#HMAC_SHA256_HEX}
     */
    public static OutboundIdentity shape(PlayerIdentity identity, Set<Field> allowed, PartnerProfile profile,
                                         boolean playerLimitsTracking, UnaryOperator<byte[]> partnerHmac) {
        EnumSet<Field> sent = EnumSet.noneOf(Field.class);
        String deviceId = null;
        String ifaType = null;
        if (allowed.contains(Field.DEVICE_ID) && profile.mayReceive(Field.DEVICE_ID) && identity.deviceId() != null) {
            deviceId = identity.deviceId();
            ifaType = identity.ifaType();
            sent.add(Field.DEVICE_ID);
        }
        String v4 = null;
        String v6 = null;
        if (allowed.contains(Field.IP) && profile.mayReceive(Field.IP)
                && (identity.ipv4() != null || identity.ipv6() != null)) {
            v4 = identity.ipv4() == null ? null : identity.ipv4().getHostAddress();
            v6 = identity.ipv6() == null ? null : IpAddresses.canonicalV6(identity.ipv6());
            sent.add(Field.IP);
        } else if (profile.strippedIp() == StrippedIpHandling.TRUNCATE) {
            v4 = identity.ipv4() == null ? null : IpAddresses.truncateV4(identity.ipv4());
            v6 = identity.ipv6() == null ? null : IpAddresses.truncateV6(identity.ipv6());
        }
        String email = null;
        byte[] emailHash = identity.emailSha256();
        if (allowed.contains(Field.HASHED_EMAIL) && profile.mayReceive(Field.HASHED_EMAIL) && emailHash != null) {
            email = switch (profile.emailHashFormat()) {
                case SHA256_HEX -> HexFormat.of().formatHex(emailHash);
                case SHA256_BASE64 -> Base64.getEncoder().encodeToString(emailHash);
                case HMAC_SHA256_HEX -> HexFormat.of().formatHex(partnerHmac.apply(emailHash));
            };
            sent.add(Field.HASHED_EMAIL);
        }
        boolean limit = playerLimitsTracking || sent.isEmpty();
        return new OutboundIdentity(deviceId, ifaType, v4, v6, email, limit, Set.copyOf(sent));
    }

    @Override
    public String toString() {
        return "OutboundIdentity[sent=" + sentFields + ", lmt=" + limitTracking + "]";
    }
}
