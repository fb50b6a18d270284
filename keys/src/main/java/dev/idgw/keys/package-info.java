/**
 * Key material for the gateway, kept apart from the service so it can be audited alone: Ed25519
 * signing keys (share-log checkpoints; partner requests, whose keys take turns on a published schedule,
 * {@link dev.idgw.keys.SigningKeySet} and {@link dev.idgw.keys.KeyRotation}) and HMAC keys (subject pseudonyms, per-partner email hashes),
 * each with a time-ordered id so rotation keeps old keys verifying, stored as PEM files in one key
 * directory ({@link dev.idgw.keys.KeyDirectory}); an immutable {@link dev.idgw.keys.KeyRing} snapshot
 * that the gateway swaps on rotation; public-key export as PEM or JWKS and strict readers for the
 * offline verifier ({@link dev.idgw.keys.PublicKeys}); and the {@code keys.jar} command-line tool
 * ({@link dev.idgw.keys.KeysMain}). Only Bouncy Castle and the JDK: no Vert.x, no network.
 */
package dev.idgw.keys;
