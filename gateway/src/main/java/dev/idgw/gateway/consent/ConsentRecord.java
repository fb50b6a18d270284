package dev.idgw.gateway.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * What the consent service knows about one device. {@code emailSha256} is the SHA-256 of the
 * normalized email (never the email), or null.
 */
public record ConsentRecord(boolean adConsent, String jurisdiction, AgeBand ageBand, byte[] emailSha256,
                            long version, Instant updatedAt) {
    public ConsentRecord {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(ageBand, "ageBand");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (emailSha256 != null && emailSha256.length != 32) {
            throw new IllegalArgumentException("email hash must be 32 bytes");
        }
        emailSha256 = emailSha256 == null ? null : emailSha256.clone();
    }

    @Override
    public byte[] emailSha256() {
        return emailSha256 == null ? null : emailSha256.clone();
    }

    @Override
    public String toString() {
        return "ConsentRecord[adConsent=" + adConsent + ", jurisdiction=" + jurisdiction + ", ageBand=" + ageBand
                + ", email=" + (emailSha256 != null) + ", version=" + version + "]";
    }
}
