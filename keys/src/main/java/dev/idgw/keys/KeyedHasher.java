package dev.idgw.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over UTF-8 text with one key, as lowercase hex. Used for subject pseudonyms (so the
 * share log can find a person's entries without holding the device ID) and per-partner email
 * hashes. Thread-safe: {@link Mac} is not, so each thread keeps its own instance.
 */
public final class KeyedHasher {
    private static final HexFormat HEX = HexFormat.of();
    private final HmacKey key;
    private final ThreadLocal<Mac> mac;

    public KeyedHasher(HmacKey key) {
        this.key = key;
        SecretKeySpec spec = new SecretKeySpec(key.secret(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> newMac(spec));
        newMac(spec); // fail at construction, not on the first request
    }

    public String keyId() {
        return key.id();
    }

    public String hex(String text) {
        return HEX.formatHex(raw(text.getBytes(StandardCharsets.UTF_8)));
    }

    public byte[] raw(byte[] input) {
        Mac m = mac.get();
        return m.doFinal(input);
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(spec);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
