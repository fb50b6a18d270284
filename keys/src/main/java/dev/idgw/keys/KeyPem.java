package dev.idgw.keys;

import java.io.IOException;
import java.io.StringWriter;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The DER and PEM encodings of our keys, shared by the key directory and the public-key export.
 * Decoding failures are {@link IllegalArgumentException}s; callers add the file or line.
 */
final class KeyPem {
    static final String PRIVATE_TYPE = "PRIVATE KEY";
    static final String PUBLIC_TYPE = "PUBLIC KEY";

    private KeyPem() {
    }

    static String encode(String type, byte[] content) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, content));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PEM to a string", e);
        }
        return text.toString();
    }

    /**
     * PKCS#8 v1 as in RFC 8410 §7, what OpenSSL and the JDK write. Bouncy Castle's
     * {@code PrivateKeyInfoFactory} writes v2 with the public key inside, which the JDK reads but
     * OpenSSL 3.0 refuses ("unsupported"); the public key has its own file anyway. Both are read.
     */
    static String privateKey(SigningKey key) {
        try {
            PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                    new DEROctetString(key.privateKey().getEncoded()));
            return encode(PRIVATE_TYPE, info.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an Ed25519 private key", e);
        }
    }

    /** SubjectPublicKeyInfo, what JDK {@code X509EncodedKeySpec} and {@code openssl pkey -pubin} read. */
    static String publicKey(VerificationKey key) {
        try {
            byte[] der = SubjectPublicKeyInfoFactory
                    .createSubjectPublicKeyInfo(new Ed25519PublicKeyParameters(key.publicKey()))
                    .getEncoded();
            return encode(PUBLIC_TYPE, der);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an Ed25519 public key", e);
        }
    }

    /** The Ed25519 key in DER PKCS#8 (v1 or v2). */
    static Ed25519PrivateKeyParameters ed25519PrivateKey(byte[] pkcs8) {
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(pkcs8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable PKCS#8 private key (" + e.getMessage() + ")", e);
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        return ed25519;
    }

    /** The 32 key bytes in DER SubjectPublicKeyInfo. */
    static byte[] ed25519PublicKey(byte[] subjectPublicKeyInfo) {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable SubjectPublicKeyInfo (" + e.getMessage() + ")", e);
        }
        if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return ed25519.getEncoded();
    }
}
