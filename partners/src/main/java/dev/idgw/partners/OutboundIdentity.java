package dev.idgw.partners;

import java.util.Base64;
import java.util.Collections;
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
        return shape(new IdentityForms(identity), allowed, profile, playerLimitsTracking, partnerHmac);
    }

    /**
     * As {@link #shape(PlayerIdentity, Set, PartnerProfile, boolean, UnaryOperator)}, with the request's
     * text forms shared by all its partners.
     */
    public static OutboundIdentity shape(IdentityForms forms, Set<Field> allowed, PartnerProfile profile,
                                         boolean playerLimitsTracking, UnaryOperator<byte[]> partnerHmac) {
        PlayerIdentity identity = forms.identity();
        EnumSet<Field> sent = EnumSet.noneOf(Field.class);
        String deviceId = null;
        String ifaType = null;
        if (allowed.contains(Field.DEVICE_ID) && profile.mayReceive(Field.DEVICE_ID) && identity.deviceId() != null) {
            deviceId = identity.deviceId();
            ifaType = identity.ifaType();
            sent.add(Field.DEVICE_ID);
        }
        String v4;
        String v6;
        if (allowed.contains(Field.IP) && profile.mayReceive(Field.IP)
                && (identity.ipv4() != null || identity.ipv6() != null)) {
            v4 = forms.ipv4();
            v6 = forms.ipv6();
            sent.add(Field.IP);
        } else if (profile.strippedIp() == StrippedIpHandling.TRUNCATE) {
            v4 = forms.truncatedV4();
            v6 = forms.truncatedV6();
        } else {
            v4 = null;
            v6 = null;
        }
        String email = null;
        byte[] emailHash = forms.emailSha256();
        if (allowed.contains(Field.HASHED_EMAIL) && profile.mayReceive(Field.HASHED_EMAIL) && emailHash != null) {
            email = switch (profile.emailHashFormat()) {
                case SHA256_HEX -> forms.emailHex();
                case SHA256_BASE64 -> forms.emailBase64();
                // A copy: the partner's keyed hash must not be able to change the request's email hash.
                case HMAC_SHA256_HEX -> HexFormat.of().formatHex(partnerHmac.apply(emailHash.clone()));
            };
            sent.add(Field.HASHED_EMAIL);
        }
        boolean limit = playerLimitsTracking || sent.isEmpty();
        // An unmodifiable view of the EnumSet: a copy into an immutable set cost more than the rest of shaping.
        return new OutboundIdentity(deviceId, ifaType, v4, v6, email, limit, Collections.unmodifiableSet(sent));
    }

    /**
     * The same identity with the hashed email spelled otherwise: for the operator's preview, which must not show
     * the hash the consent record holds. Everything else (the fields sent, {@code lmt}) stays as decided.
     */
    public OutboundIdentity withHashedEmail(String spelling) {
        if (hashedEmail == null) {
            throw new IllegalStateException("no hashed email travels here to spell otherwise");
        }
        return new OutboundIdentity(deviceId, ifaType, ipv4, ipv6, spelling, limitTracking, sentFields);
    }

    @Override
    public String toString() {
        return "OutboundIdentity[sent=" + sentFields + ", lmt=" + limitTracking + "]";
    }
}
