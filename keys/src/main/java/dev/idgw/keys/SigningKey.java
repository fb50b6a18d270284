package dev.idgw.keys;

import java.security.MessageDigest;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key with the id that signatures carry, so a verifier picks the right public
 * key after rotation. Pure Ed25519 (RFC 8032): deterministic, no prehash. Thread-safe: each call to
 * {@link #sign} uses its own signer. The secret never appears in {@link #toString()}.
 */
public record SigningKey(String id, String purpose, Ed25519PrivateKeyParameters privateKey) {
    public static final int SIGNATURE_BYTES = Ed25519PrivateKeyParameters.SIGNATURE_SIZE;

    public SigningKey {
        KeyNames.checkKeyId(id);
        KeyNames.checkPurpose(purpose);
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** A key from the 32-byte RFC 8032 secret, for test vectors. */
    static SigningKey fromSecret(String id, String purpose, byte[] secret) {
        if (secret == null || secret.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 secret is " + Ed25519PrivateKeyParameters.KEY_SIZE + " bytes");
        }
        return new SigningKey(id, purpose, new Ed25519PrivateKeyParameters(secret, 0));
    }

    /** The 64-byte signature of the whole message. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * Signs {@code length} bytes of {@code message} from {@code offset} into {@code signature} at
     * {@code signatureOffset} ({@value #SIGNATURE_BYTES} bytes). The same signature as {@link #sign(byte[])},
     * without the signer's copy of the message or a new array for the result: for signing on a hot path
     * from a buffer the caller reuses.
     */
    public void sign(byte[] message, int offset, int length, byte[] signature, int signatureOffset) {
        Objects.checkFromIndexSize(offset, length, message.length);
        Objects.checkFromIndexSize(signatureOffset, SIGNATURE_BYTES, signature.length);
        privateKey.sign(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, signatureOffset);
    }

    public VerificationKey verificationKey() {
        return new VerificationKey(id, purpose, privateKey.generatePublicKey().getEncoded());
    }

    @Override
    public String toString() {
        return "SigningKey[id=" + id + ", purpose=" + purpose + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && k.id.equals(id) && k.purpose.equals(purpose)
                && MessageDigest.isEqual(k.privateKey.getEncoded(), privateKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, purpose);
    }
}
