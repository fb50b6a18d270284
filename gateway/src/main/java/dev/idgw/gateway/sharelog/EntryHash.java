package dev.idgw.gateway.sharelog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one share-log entry: SHA-256 over a 0x00 byte and the entry's canonical JSON, which
 * itself holds the previous entry's hash, so each hash commits to the whole history before it. The
 * 0x00 prefix is RFC 6962's leaf prefix, so the same entries can later be put in a Merkle tree
 * without changing their hashes' meaning.
 */
public final class EntryHash {
    /** The "previous hash" of a writer's first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EntryHash::newDigest);

    private EntryHash() {
    }

    public static String of(String canonicalJson) {
        byte[] utf8 = canonicalJson.getBytes(StandardCharsets.UTF_8);
        return of(utf8, utf8.length);
    }

    /** The hash of the canonical JSON's first {@code length} UTF-8 bytes in {@code json}. */
    public static String of(byte[] json, int length) {
        MessageDigest d = SHA256.get();
        d.reset();
        d.update((byte) 0x00);
        d.update(json, 0, length);
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
