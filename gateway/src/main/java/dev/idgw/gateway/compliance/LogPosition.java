package dev.idgw.gateway.compliance;

import dev.idgw.gateway.failure.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of a share-log pull stopped: the writer, the last sequence number returned and that
 * entry's Redis stream id. Entries are read in (writer, seq) order, so resuming after this position
 * never skips or repeats one. Opaque to clients (base64url).
 */
record LogPosition(String writerId, long seq, String streamId) {
    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((writerId + "|" + seq + "|" + streamId).getBytes(StandardCharsets.UTF_8));
    }

    static LogPosition decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !parts[2].matches("\\d+-\\d+")) {
                throw new IllegalArgumentException();
            }
            return new LogPosition(parts[0], Long.parseLong(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("cursor: not a cursor this API returned");
        }
    }
}
