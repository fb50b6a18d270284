package dev.idgw.gateway.consentapi;

import dev.idgw.gateway.consent.AgeBand;
import java.util.Optional;

/**
 * A validated {@code PUT /consent/v1/devices/{id}} body. {@code emailSha256} is already the hash; the
 * raw email, if one was sent, is gone by the time this record exists.
 */
record ConsentUpdate(boolean adConsent, String jurisdiction, AgeBand ageBand, Optional<byte[]> emailSha256,
                     Optional<String> accountId) {
}
