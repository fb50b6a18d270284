package dev.idgw.keys;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A directory of key files: {@code hmac-<purpose>-<keyId>.pem} (key ids are {@code yyyyMMdd'T'HHmmss-<6 hex>}, so a purpose may itself contain dashes), PEM type {@value #HMAC_PEM_TYPE}.
 * The active key of a purpose is the one with the greatest id (ids start with a UTC timestamp), and
 * older keys stay for verification. Files are written 0600 and moved into place atomically so a
 * reader never sees half a key.
 */
public final class KeyDirectory {
    public static final String HMAC_PEM_TYPE = "IDGW HMAC KEY";
    private static final Pattern HMAC_FILE = Pattern.compile("hmac-([a-z0-9][a-z0-9_.-]*)-(\\d{8}T\\d{6}-[0-9a-f]{6})\\.pem");
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public KeyDirectory(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    public static KeyDirectory at(Path dir) {
        return new KeyDirectory(dir, Clock.systemUTC());
    }

    public Path path() {
        return dir;
    }

    /** The active key of a purpose, creating the directory and a first key when there is none. */
    public HmacKey activeOrCreate(String purpose) throws IOException {
        Optional<HmacKey> active = active(purpose);
        return active.isPresent() ? active.get() : create(purpose);
    }

    public Optional<HmacKey> active(String purpose) throws IOException {
        List<HmacKey> keys = all(purpose);
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
    }

    /** Every key of a purpose, oldest first. */
    public List<HmacKey> all(String purpose) throws IOException {
        checkPurpose(purpose);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<HmacKey> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = HMAC_FILE.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).equals(purpose)) {
                    keys.add(read(file, m.group(2), purpose));
                }
            }
        }
        keys.sort(Comparator.comparing(HmacKey::id));
        return keys;
    }

    /** A new key that becomes the active one of its purpose. */
    public HmacKey create(String purpose) throws IOException {
        checkPurpose(purpose);
        Files.createDirectories(dir);
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        String id = ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
        byte[] secret = new byte[HmacKey.SECRET_BYTES];
        random.nextBytes(secret);
        HmacKey key = new HmacKey(id, purpose, secret);
        writePrivate(dir.resolve("hmac-" + purpose + "-" + id + ".pem"), pem(key));
        return key;
    }

    private static String pem(HmacKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(HMAC_PEM_TYPE, key.secret()));
        }
        return text.toString();
    }

    private static HmacKey read(Path file, String id, String purpose) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PemReader pem = new PemReader(reader)) {
            PemObject object = pem.readPemObject();
            if (object == null || !HMAC_PEM_TYPE.equals(object.getType())) {
                throw new IOException(file + ": not a " + HMAC_PEM_TYPE + " PEM file");
            }
            try {
                return new HmacKey(id, purpose, object.getContent());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    private void writePrivate(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, ".key-", ".tmp");
        try {
            trySetOwnerOnly(tmp);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write(content);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions must protect the key.
        }
    }

    private static void checkPurpose(String purpose) {
        if (!purpose.matches("[a-z0-9][a-z0-9_.-]{0,47}")) {
            throw new IllegalArgumentException("key purpose must be 1-48 of [a-z0-9_.-]: " + purpose);
        }
    }
}
