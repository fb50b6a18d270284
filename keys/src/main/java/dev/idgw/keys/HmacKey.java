package dev.idgw.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret HMAC-SHA256 key with the id that records carry, so a verifier knows which key made a
 * pseudonym after rotation. The secret never appears in {@link #toString()}.
 */
public record HmacKey(String id, String purpose, byte[] secret) {
    public static final int SECRET_BYTES = 32;

    public HmacKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(purpose, "purpose");
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("key id must be 1-64 of [A-Za-z0-9._-]: " + id);
        }
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("HMAC secret must be at least 16 bytes");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        return "HmacKey[id=" + id + ", purpose=" + purpose + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HmacKey k && k.id.equals(id) && k.purpose.equals(purpose)
                && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, purpose);
    }
}
