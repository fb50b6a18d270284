package dev.idgw.partners;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One advertising partner as the operator configured it. {@code identityFields} is the contractual
 * ceiling: a partner never receives a field outside it, whatever the consent allows.
 *
 * @param category the category of third party, as the disclosures name it (e.g. "advertising network")
 * @param emailEidSource the {@code user.eids[].source} under which the hashed email travels
 * @param signRequests whether every request to this partner carries an HTTP Message Signature (RFC 9421) the
 *                     partner can check against the gateway's published keys; the gateway does the signing
 */
public record PartnerProfile(
        String id,
        URI endpoint,
        PartnerRole role,
        String category,
        Set<Field> identityFields,
        EmailHashFormat emailHashFormat,
        String emailEidSource,
        StrippedIpHandling strippedIp,
        Duration timeout,
        boolean signRequests) {

    public PartnerProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(emailHashFormat, "emailHashFormat");
        Objects.requireNonNull(emailEidSource, "emailEidSource");
        Objects.requireNonNull(strippedIp, "strippedIp");
        Objects.requireNonNull(timeout, "timeout");
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("partner id must be 1-32 of [a-z0-9_-], starting with a letter or digit: " + id);
        }
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("endpoint must be an http or https URL: " + endpoint);
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint has no host: " + endpoint);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        identityFields = identityFields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(identityFields));
    }

    /** A partner whose requests are not signed (the default). */
    public PartnerProfile(String id, URI endpoint, PartnerRole role, String category, Set<Field> identityFields,
                          EmailHashFormat emailHashFormat, String emailEidSource, StrippedIpHandling strippedIp,
                          Duration timeout) {
        this(id, endpoint, role, category, identityFields, emailHashFormat, emailEidSource, strippedIp, timeout, false);
    }

    public PartnerProfile withSignRequests(boolean sign) {
        return new PartnerProfile(id, endpoint, role, category, identityFields, emailHashFormat, emailEidSource,
                strippedIp, timeout, sign);
    }

    /** The same partner with another timeout; everything else, signing included, stays as configured. */
    public PartnerProfile withTimeout(Duration newTimeout) {
        return new PartnerProfile(id, endpoint, role, category, identityFields, emailHashFormat, emailEidSource,
                strippedIp, newTimeout, signRequests);
    }

    public boolean mayReceive(Field field) {
        return identityFields.contains(field);
    }
}
