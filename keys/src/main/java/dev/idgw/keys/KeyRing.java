package dev.idgw.keys;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of the keys the gateway works with: the active signing key and every
 * verification key of one purpose, the active HMAC key and every HMAC key of another, each by id
 * (oldest first). Rotation without a restart: poll {@link KeyDirectory#fingerprint()}, and when it
 * differs from {@link #fingerprint()}, {@link #load} again and swap the reference; requests already
 * holding the old snapshot finish with it.
 */
public record KeyRing(
        String fingerprint,
        SigningKey signingKey,
        Map<String, VerificationKey> verificationKeys,
        HmacKey hmacKey,
        Map<String, HmacKey> hmacKeys) {

    public KeyRing {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(hmacKey, "hmacKey");
        verificationKeys = Collections.unmodifiableMap(new LinkedHashMap<>(verificationKeys));
        hmacKeys = Collections.unmodifiableMap(new LinkedHashMap<>(hmacKeys));
        if (!signingKey.verificationKey().equals(verificationKeys.get(signingKey.id()))) {
            throw new IllegalArgumentException("the signing key " + signingKey.id() + " is not among the verification keys");
        }
        if (!hmacKey.equals(hmacKeys.get(hmacKey.id()))) {
            throw new IllegalArgumentException("the HMAC key " + hmacKey.id() + " is not among the HMAC keys");
        }
    }

    /**
     * Reads a snapshot; fails, saying what to run, when either purpose has no usable active key. The
     * fingerprint is taken before the keys are read, so a change during the read shows up at the
     * next poll rather than being missed.
     */
    public static KeyRing load(KeyDirectory dir, String signingPurpose, String hmacPurpose) throws IOException {
        String fingerprint = dir.fingerprint();
        SigningKey signing = dir.activeSigningKey(signingPurpose).orElseThrow(() -> new IOException(
                "no Ed25519 signing key for purpose '" + signingPurpose + "' in " + dir.path()
                        + " (none, or the newest is here only as a public key)"
                        + "; run: java -jar keys.jar rotate --dir " + dir.path() + " --purpose " + signingPurpose));
        HmacKey hmac = dir.active(hmacPurpose).orElseThrow(() -> new IOException(
                "no HMAC key for purpose '" + hmacPurpose + "' in " + dir.path()
                        + "; run: java -jar keys.jar rotate --hmac --dir " + dir.path() + " --purpose " + hmacPurpose));
        return new KeyRing(fingerprint, signing, byId(dir.verificationKeys(signingPurpose)), hmac,
                byHmacId(dir.all(hmacPurpose)));
    }

    /** Like {@link #load}, first creating a first key for a purpose that has none (a fresh install). */
    public static KeyRing loadOrCreate(KeyDirectory dir, String signingPurpose, String hmacPurpose) throws IOException {
        dir.activeSigningKeyOrCreate(signingPurpose);
        dir.activeOrCreate(hmacPurpose);
        return load(dir, signingPurpose, hmacPurpose);
    }

    public Optional<VerificationKey> verificationKey(String id) {
        return Optional.ofNullable(verificationKeys.get(id));
    }

    public Optional<HmacKey> hmacKey(String id) {
        return Optional.ofNullable(hmacKeys.get(id));
    }

    /** Whether the key with this id signed the message; false for an unknown id. */
    public boolean verify(String keyId, byte[] message, byte[] signature) {
        VerificationKey key = verificationKeys.get(keyId);
        return key != null && key.verify(message, signature);
    }

    private static Map<String, VerificationKey> byId(List<VerificationKey> keys) {
        Map<String, VerificationKey> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k.id(), k));
        return map;
    }

    private static Map<String, HmacKey> byHmacId(List<HmacKey> keys) {
        Map<String, HmacKey> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k.id(), k));
        return map;
    }
}
