package dev.idgw.keys;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming rules of a {@link KeyDirectory}, pure (no file system): what a purpose and a key id may be,
 * what each key file is called, which names are key files, and which id a new key gets. Files are named
 * {@code <kind>-<purpose>-<keyId>}: {@code hmac-<purpose>-<keyId>.pem},
 * {@code ed25519-<purpose>-<keyId>.pem} and {@code ed25519-<purpose>-<keyId>.pub.pem}. Generated key ids are
 * {@code yyyyMMdd'T'HHmmss-<6 hex>} (UTC), which is what lets a purpose contain dashes and keeps ids of a
 * purpose in creation order when sorted as text.
 */
final class KeyNames {
    /** What a key file holds. */
    enum Kind {
        HMAC("hmac-", ".pem"),
        ED25519_PRIVATE("ed25519-", ".pem"),
        ED25519_PUBLIC("ed25519-", ".pub.pem");

        private final String prefix;
        private final String suffix;

        Kind(String prefix, String suffix) {
            this.prefix = prefix;
            this.suffix = suffix;
        }
    }

    /** A key file's name, taken apart. */
    record KeyFile(Kind kind, String purpose, String id) {
        String fileName() {
            return kind.prefix + purpose + "-" + id + kind.suffix;
        }
    }

    private static final String PURPOSE = "([a-z0-9][a-z0-9_.-]*)";
    private static final String GENERATED_ID = "(\\d{8}T\\d{6}-[0-9a-f]{6})";
    private static final Pattern HMAC_FILE = Pattern.compile("hmac-" + PURPOSE + "-" + GENERATED_ID + "\\.pem");
    private static final Pattern ED25519_FILE = Pattern.compile("ed25519-" + PURPOSE + "-" + GENERATED_ID + "(\\.pub)?\\.pem");
    private static final Pattern GENERATED_ID_RULE = Pattern.compile(GENERATED_ID);
    private static final Pattern PURPOSE_RULE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,47}");
    private static final Pattern KEY_ID_RULE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    /** Random bytes after the time in a generated id. */
    static final int ID_SUFFIX_BYTES = 3;

    private KeyNames() {
    }

    /** The key file a name stands for; empty for any other name (temporary files, notes, other tools' files). */
    static Optional<KeyFile> parse(String fileName) {
        Matcher hmac = HMAC_FILE.matcher(fileName);
        if (hmac.matches()) {
            return Optional.of(new KeyFile(Kind.HMAC, hmac.group(1), hmac.group(2)));
        }
        Matcher ed25519 = ED25519_FILE.matcher(fileName);
        if (ed25519.matches()) {
            Kind kind = ed25519.group(3) == null ? Kind.ED25519_PRIVATE : Kind.ED25519_PUBLIC;
            return Optional.of(new KeyFile(kind, ed25519.group(1), ed25519.group(2)));
        }
        return Optional.empty();
    }

    /** The name of a key file; the purpose and the id must pass {@link #checkPurpose} and {@link #checkKeyId}. */
    static String fileName(Kind kind, String purpose, String id) {
        checkPurpose(purpose);
        checkKeyId(id);
        return new KeyFile(kind, purpose, id).fileName();
    }

    /**
     * The id of a new key: the time {@code now} (to the second), moved past the newest of {@code existingIds}
     * when it is not later (two keys in one second, a clock that stepped back), then {@code suffix} in hex.
     */
    static String nextId(Collection<String> existingIds, Instant now, byte[] suffix) {
        if (suffix.length != ID_SUFFIX_BYTES) {
            throw new IllegalArgumentException("a key id suffix is " + ID_SUFFIX_BYTES + " bytes: " + suffix.length);
        }
        Instant time = now.truncatedTo(ChronoUnit.SECONDS);
        Optional<String> newest = existingIds.stream().max(Comparator.naturalOrder());
        if (newest.isPresent()) {
            Instant newestTime = ID_TIME.parse(newest.get().substring(0, 15), Instant::from);
            if (!time.isAfter(newestTime)) {
                time = newestTime.plusSeconds(1);
            }
        }
        return ID_TIME.format(time) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** When a key was made, from its generated id (to the second, UTC); an id of another form has no time. */
    static Instant createdAt(String id) {
        if (id == null || !GENERATED_ID_RULE.matcher(id).matches()) {
            throw new IllegalArgumentException("not a generated key id (yyyyMMdd'T'HHmmss-<6 hex>): " + id);
        }
        try {
            return ID_TIME.parse(id.substring(0, 15), Instant::from);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a generated key id (no such time): " + id, e);
        }
    }

    static void checkPurpose(String purpose) {
        if (purpose == null || !PURPOSE_RULE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("key purpose must be 1-48 of [a-z0-9_.-]: " + purpose);
        }
    }

    static void checkKeyId(String id) {
        if (id == null || !KEY_ID_RULE.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be 1-64 of [A-Za-z0-9._-]: " + id);
        }
    }
}
