/**
 * Signed partner requests: every request to a partner whose profile says {@code signRequests: true} carries
 * an HTTP Message Signature (RFC 9421) over its method, target, content type, OpenRTB version and the
 * RFC 9530 digest of the exact body bytes sent, made with the gateway's partner-request key
 * ({@link dev.idgw.gateway.signing.RequestSigner}); the public keys partners check them with are published
 * as a JWKS on the player listener ({@link dev.idgw.gateway.signing.PublishedPartnerKeys}). Which key signs
 * and which are published follows the key schedule of {@link dev.idgw.keys.KeyRotation}.
 */
package dev.idgw.gateway.signing;
