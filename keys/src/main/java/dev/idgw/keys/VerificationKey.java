package dev.idgw.keys;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key with its id and purpose. {@link #verify} answers false for anything that is
 * not a valid signature (wrong lengths, nulls, tampering) and never throws, so a verifier can treat
 * hostile input as data. The key bytes are checked to be a valid point when the record is built.
 */
public record VerificationKey(String id, String purpose, byte[] publicKey) {
    public static final int PUBLIC_KEY_BYTES = Ed25519PublicKeyParameters.KEY_SIZE;

    public VerificationKey {
        KeyNames.checkKeyId(id);
        KeyNames.checkPurpose(purpose);
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is " + PUBLIC_KEY_BYTES + " bytes");
        }
        publicKey = publicKey.clone();
        try {
            new Ed25519PublicKeyParameters(publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (key id " + id + ")", e);
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != SigningKey.SIGNATURE_BYTES) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "VerificationKey[id=" + id + ", purpose=" + purpose + ", publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationKey k && k.id.equals(id) && k.purpose.equals(purpose)
                && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, purpose, Arrays.hashCode(publicKey));
    }
}
