package dev.idgw.keys;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Ed25519 key of one purpose that this instance can sign with, oldest first, immutable; which one
 * signs and which are published at a given time is the {@link KeyRotation}'s answer. Unlike {@link KeyRing},
 * whose newest key always signs, keys here take turns on a schedule, so the set keeps older private keys too:
 * a key rotated in a moment ago is published but does not sign yet.
 */
public final class SigningKeySet {
    private final String purpose;
    private final List<SigningKey> keys;
    private final List<VerificationKey> verificationKeys;
    /** Each key's creation time, from its id, read once rather than on every signature. */
    private final Instant[] created;

    public SigningKeySet(String purpose, List<SigningKey> keys) {
        KeyNames.checkPurpose(purpose);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no signing keys for purpose " + purpose);
        }
        List<VerificationKey> verification = new ArrayList<>(keys.size());
        Instant[] times = new Instant[keys.size()];
        String previous = null;
        for (SigningKey key : keys) {
            if (!key.purpose().equals(purpose)) {
                throw new IllegalArgumentException("key " + key.id() + " is for purpose " + key.purpose() + ", not " + purpose);
            }
            times[verification.size()] = KeyNames.createdAt(key.id()); // the schedule reads the time in the id
            if (previous != null && previous.compareTo(key.id()) >= 0) {
                throw new IllegalArgumentException("keys must be oldest first with distinct ids: " + previous + ", " + key.id());
            }
            previous = key.id();
            verification.add(key.verificationKey());
        }
        this.purpose = purpose;
        this.keys = List.copyOf(keys);
        this.verificationKeys = List.copyOf(verification);
        this.created = times;
    }

    /** The keys of {@code purpose} with their private keys in {@code dir}; fails, saying what to run, when there is none. */
    public static SigningKeySet load(KeyDirectory dir, String purpose) throws IOException {
        List<SigningKey> keys = dir.signingKeys(purpose);
        if (keys.isEmpty()) {
            throw new IOException("no Ed25519 signing key for purpose '" + purpose + "' in " + dir.path()
                    + "; run: java -jar keys.jar rotate --dir " + dir.path() + " --purpose " + purpose);
        }
        return new SigningKeySet(purpose, keys);
    }

    /** Like {@link #load}, first creating a first key when the purpose has none (a fresh install). */
    public static SigningKeySet loadOrCreate(KeyDirectory dir, String purpose) throws IOException {
        if (dir.signingKeys(purpose).isEmpty()) {
            dir.createSigningKey(purpose);
        }
        return load(dir, purpose);
    }

    public String purpose() {
        return purpose;
    }

    /** Oldest first. */
    public List<SigningKey> keys() {
        return keys;
    }

    /** The key that signs at {@code now}: the newest whose time has come, else the oldest. */
    public SigningKey signingKeyAt(Instant now, KeyRotation rotation) {
        return keys.get(signingIndex(now, rotation));
    }

    /**
     * The public keys a verifier may need at {@code now}, oldest first: the signing key, every newer key
     * (published ahead of signing), and older keys until {@code keepRetired} after their successor began to sign.
     */
    public List<VerificationKey> publishedAt(Instant now, KeyRotation rotation) {
        int signing = signingIndex(now, rotation);
        List<VerificationKey> published = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (i >= signing || now.isBefore(created[i + 1].plus(rotation.publishAhead()).plus(rotation.keepRetired()))) {
                published.add(verificationKeys.get(i));
            }
        }
        return published;
    }

    private int signingIndex(Instant now, KeyRotation rotation) {
        Instant cutoff = now.minus(rotation.publishAhead()); // keys made by then sign
        for (int i = keys.size() - 1; i > 0; i--) {
            if (!created[i].isAfter(cutoff)) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "SigningKeySet[purpose=" + purpose + ", keys=" + keys.stream().map(SigningKey::id).toList() + "]";
    }
}
