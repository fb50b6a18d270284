package dev.idgw.gateway.signing;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Content-Digest} field value of RFC 9530 for a body: {@code sha-256=:<base64 of SHA-256>:}, over
 * the bytes exactly as they are sent (no content coding is applied to partner requests, so the content is
 * the body). Read where the bytes lie: a pooled body in direct memory is not copied to the heap first.
 */
public final class ContentDigest {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private ContentDigest() {
    }

    public static String sha256(Buffer body) {
        MessageDigest sha = SHA_256.get();
        sha.reset(); // a digest interrupted by an exception must not leave its bytes in the next one
        if (body instanceof BufferInternal internal) {
            ByteBuf bytes = internal.unwrap();
            // a Buffer spans its ByteBuf from index 0, whatever the reader index
            sha.update(bytes.nioBuffer(0, body.length()));
        } else {
            sha.update(body.getBytes());
        }
        return field(sha.digest());
    }

    public static String sha256(byte[] body) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        return field(sha.digest(body));
    }

    private static String field(byte[] digest) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":";
    }
}
