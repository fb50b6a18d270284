package dev.idgw.gateway.auction;

import dev.idgw.keys.KeyedHasher;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.PartnerProfile;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The configured partners with the per-partner keys their email hashes need. Immutable: a config
 * reload builds a new one.
 */
public record PartnerDirectory(List<PartnerProfile> partners, Map<String, KeyedHasher> emailKeys) {
    public PartnerDirectory {
        partners = List.copyOf(partners);
        emailKeys = Map.copyOf(emailKeys);
        for (PartnerProfile p : partners) {
            if (p.emailHashFormat() == EmailHashFormat.HMAC_SHA256_HEX && !emailKeys.containsKey(p.id())) {
                throw new IllegalArgumentException("partner " + p.id() + " wants HMAC email hashes but has no key");
            }
        }
    }

    /** The partner's keyed hash of the raw SHA-256 email hash (only for HMAC_SHA256_HEX partners). */
    public UnaryOperator<byte[]> emailHmacFor(PartnerProfile partner) {
        KeyedHasher hasher = emailKeys.get(partner.id());
        return hasher == null
                ? bytes -> {
                    throw new IllegalStateException("no email key for partner " + partner.id());
                }
                : hasher::raw;
    }
}
