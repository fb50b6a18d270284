package dev.idgw.gateway.sharelog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed statement "writer W's chain had N entries ending in hash H at time T", made with the
 * Ed25519 key {@code keyId}. Auditors keep copies outside the gateway's reach: a writer holding its own
 * key could re-sign a rewritten history, but not make it match checkpoints already handed out.
 *
 * <p>The signed bytes are {@link #signedText()}, a fixed line format (like a C2SP tlog checkpoint
 * body), never JSON, so there is exactly one encoding to sign.
 */
public record Checkpoint(String writerId, long seq, String head, long timeMillis, String keyId, String signature) {
    public static final String FORMAT = "idgw-sharelog-checkpoint/v1";

    public Checkpoint {
        Objects.requireNonNull(writerId, "writerId");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    public static String signedText(String writerId, long seq, String head, long timeMillis, String keyId) {
        return FORMAT + "\nwriter " + writerId + "\nseq " + seq + "\nhead " + head + "\ntime " + timeMillis
                + "\nkey " + keyId + "\n";
    }

    public String signedText() {
        return signedText(writerId, seq, head, timeMillis, keyId);
    }

    public byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] signatureBytes() {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
