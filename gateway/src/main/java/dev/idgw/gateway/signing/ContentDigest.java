package dev.idgw.gateway.signing;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Content-Digest} field value of RFC 9530 for a body: {@code sha-256=:<base64 of SHA-256>:}, over
 * the bytes exactly as they are sent (no content coding is applied to partner requests, so the content is
 * the body). Read where the bytes lie: a pooled body in direct memory is not copied to the heap first.
 */
public final class ContentDigest {
    private static final byte[] PREFIX = "sha-256=:".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    private static final int BASE64_LENGTH = 44;
    /** {@code sha-256=:}, the digest in base64, {@code :} */
    private static final int FIELD_LENGTH = PREFIX.length + BASE64_LENGTH + 1;
    /** The digest and the field's bytes are made in per-thread buffers, so a field costs one String. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final MessageDigest sha256;
        final byte[] digest = new byte[DIGEST_BYTES];
        final byte[] base64 = new byte[BASE64_LENGTH];
        final byte[] field = new byte[FIELD_LENGTH];

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
            System.arraycopy(PREFIX, 0, field, 0, PREFIX.length);
            field[FIELD_LENGTH - 1] = ':';
        }
    }

    private ContentDigest() {
    }

    public static String sha256(Buffer body) {
        Scratch scratch = SCRATCH.get();
        MessageDigest sha = scratch.sha256;
        sha.reset(); // a digest interrupted by an exception must not leave its bytes in the next one
        if (body instanceof BufferInternal internal) {
            ByteBuf bytes = internal.unwrap();
            // a Buffer spans its ByteBuf from index 0, whatever the reader index
            if (bytes.hasArray()) {
                sha.update(bytes.array(), bytes.arrayOffset(), body.length());
            } else {
                sha.update(bytes.nioBuffer(0, body.length()));
            }
        } else {
            sha.update(body.getBytes());
        }
        return field(scratch);
    }

    public static String sha256(byte[] body) {
        Scratch scratch = SCRATCH.get();
        scratch.sha256.reset();
        scratch.sha256.update(body);
        return field(scratch);
    }

    private static String field(Scratch scratch) {
        try {
            scratch.sha256.digest(scratch.digest, 0, DIGEST_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 gives " + DIGEST_BYTES + " bytes", e);
        }
        Base64.getEncoder().encode(scratch.digest, scratch.base64);
        System.arraycopy(scratch.base64, 0, scratch.field, PREFIX.length, BASE64_LENGTH);
        return new String(scratch.field, 0, FIELD_LENGTH, StandardCharsets.ISO_8859_1);
    }
}
