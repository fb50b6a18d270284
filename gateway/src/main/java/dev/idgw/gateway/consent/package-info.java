/**
 * The per-device consent record and its lookup in Redis. A lookup never throws: an error, a timeout,
 * a missing or a malformed record each come back as a {@link dev.idgw.gateway.consent.ConsentLookup}
 * outcome, and every outcome but {@code Found} means strip.
 */
package dev.idgw.gateway.consent;
