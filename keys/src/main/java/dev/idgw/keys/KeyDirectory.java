package dev.idgw.keys;

import dev.idgw.keys.KeyNames.KeyFile;
import dev.idgw.keys.KeyNames.Kind;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A directory of key files, each named {@code <kind>-<purpose>-<keyId>}:
 * <ul>
 *   <li>{@code hmac-<purpose>-<keyId>.pem}: an HMAC secret, PEM type {@value #HMAC_PEM_TYPE};</li>
 *   <li>{@code ed25519-<purpose>-<keyId>.pem}: an Ed25519 private key, PKCS#8 {@value #PRIVATE_PEM_TYPE};</li>
 *   <li>{@code ed25519-<purpose>-<keyId>.pub.pem}: its public key, SubjectPublicKeyInfo {@value #PUBLIC_PEM_TYPE}.</li>
 * </ul>
 * Key ids are {@code yyyyMMdd'T'HHmmss-<6 hex>} (UTC), so a purpose may itself contain dashes. The
 * active key of a purpose is the one with the greatest id, and older keys stay for verification; a
 * new key always gets an id greater than every existing one of its purpose, even when rotated twice
 * within a second or after the clock stepped back. A directory may hold Ed25519 public keys without
 * their private keys (an auditor's copy); a private key without its public file is read too. Secret
 * files are written 0600 and moved into place atomically so a reader never sees half a key. The naming
 * rules themselves are {@link KeyNames}'; this class does the file I/O.
 */
public final class KeyDirectory {
    public static final String HMAC_PEM_TYPE = "IDGW HMAC KEY";
    public static final String PRIVATE_PEM_TYPE = KeyPem.PRIVATE_TYPE;
    public static final String PUBLIC_PEM_TYPE = KeyPem.PUBLIC_TYPE;
    /** The purpose of the key that signs share-log checkpoints. */
    public static final String DEFAULT_SIGNING_PURPOSE = "sharelog";
    /** The purpose of the key that turns device ids into subject pseudonyms. */
    public static final String DEFAULT_HMAC_PURPOSE = "pseudonym";


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

    // ---- HMAC keys ----

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
        KeyNames.checkPurpose(purpose);
        List<HmacKey> keys = new ArrayList<>();
        for (Map.Entry<String, Path> file : hmacFiles(purpose).entrySet()) {
            keys.add(readHmac(file.getValue(), file.getKey(), purpose));
        }
        keys.sort(Comparator.comparing(HmacKey::id));
        return keys;
    }

    /** A new key that becomes the active one of its purpose. */
    public HmacKey create(String purpose) throws IOException {
        KeyNames.checkPurpose(purpose);
        Files.createDirectories(dir);
        String id = nextId(hmacFiles(purpose).keySet());
        byte[] secret = new byte[HmacKey.SECRET_BYTES];
        random.nextBytes(secret);
        HmacKey key = new HmacKey(id, purpose, secret);
        writeAtomically(dir.resolve(KeyNames.fileName(Kind.HMAC, purpose, id)), KeyPem.encode(HMAC_PEM_TYPE, key.secret()),
                true);
        return key;
    }

    /** Purposes with at least one HMAC key, sorted. */
    public SortedSet<String> hmacPurposes() throws IOException {
        SortedSet<String> purposes = new TreeSet<>();
        for (KeyFile file : keyFiles().keySet()) {
            if (file.kind() == Kind.HMAC) {
                purposes.add(file.purpose());
            }
        }
        return purposes;
    }

    // ---- Ed25519 signing keys ----

    /** The active signing key of a purpose, creating the directory and a first key when there is none. */
    public SigningKey activeSigningKeyOrCreate(String purpose) throws IOException {
        Optional<SigningKey> active = activeSigningKey(purpose);
        return active.isPresent() ? active.get() : createSigningKey(purpose);
    }

    /**
     * The signing key with the newest id of its purpose. Empty when there is none, and also when the
     * newest key is here only as a public key: signing with an older key than the one verifiers
     * consider current would be surprising, so the caller creates (or copies in) a new one instead.
     */
    public Optional<SigningKey> activeSigningKey(String purpose) throws IOException {
        KeyNames.checkPurpose(purpose);
        TreeMap<String, Ed25519Files> files = ed25519Files(purpose);
        if (files.isEmpty() || files.lastEntry().getValue().privateFile() == null) {
            return Optional.empty();
        }
        Ed25519Files newest = files.lastEntry().getValue();
        SigningKey key = readSigning(newest.privateFile(), newest.id(), purpose);
        if (newest.publicFile() != null) {
            checkPair(key, readVerification(newest.publicFile(), newest.id(), purpose), newest.publicFile());
        }
        return Optional.of(key);
    }

    /** A new signing key that becomes the active one of its purpose (rotation); older keys stay. */
    public SigningKey createSigningKey(String purpose) throws IOException {
        KeyNames.checkPurpose(purpose);
        Files.createDirectories(dir);
        String id = nextId(ed25519Files(purpose).keySet());
        SigningKey key = new SigningKey(id, purpose, new Ed25519PrivateKeyParameters(random));
        // Private first: if we stop between the two writes, the public key is derived on reading.
        writeAtomically(dir.resolve(KeyNames.fileName(Kind.ED25519_PRIVATE, purpose, id)), KeyPem.privateKey(key), true);
        writeAtomically(dir.resolve(KeyNames.fileName(Kind.ED25519_PUBLIC, purpose, id)),
                KeyPem.publicKey(key.verificationKey()), false);
        return key;
    }

    /**
     * Every verification key of a purpose, oldest first: from the {@code .pub.pem} files, or derived
     * from a private key whose public file is missing. A public file that does not match its private
     * key is an error, not a silent choice.
     */
    public List<VerificationKey> verificationKeys(String purpose) throws IOException {
        KeyNames.checkPurpose(purpose);
        List<VerificationKey> keys = new ArrayList<>();
        for (Ed25519Files files : ed25519Files(purpose).values()) {
            SigningKey signing = files.privateFile() == null ? null
                    : readSigning(files.privateFile(), files.id(), purpose);
            if (files.publicFile() == null) {
                keys.add(signing.verificationKey());
                continue;
            }
            VerificationKey published = readVerification(files.publicFile(), files.id(), purpose);
            if (signing != null) {
                checkPair(signing, published, files.publicFile());
            }
            keys.add(published);
        }
        return keys;
    }

    /**
     * Every signing key of a purpose whose private key is here, oldest first; each checked against its
     * public file when there is one. For purposes whose keys take turns by schedule (see {@link KeyRotation}),
     * where the newest key is not always the one that signs.
     */
    public List<SigningKey> signingKeys(String purpose) throws IOException {
        KeyNames.checkPurpose(purpose);
        List<SigningKey> keys = new ArrayList<>();
        for (Ed25519Files files : ed25519Files(purpose).values()) {
            if (files.privateFile() == null) {
                continue;
            }
            SigningKey key = readSigning(files.privateFile(), files.id(), purpose);
            if (files.publicFile() != null) {
                checkPair(key, readVerification(files.publicFile(), files.id(), purpose), files.publicFile());
            }
            keys.add(key);
        }
        return keys;
    }

    /** Whether the private key of this signing key id is in the directory. */
    public boolean hasPrivateKey(String purpose, String keyId) {
        return Files.isRegularFile(dir.resolve(KeyNames.fileName(Kind.ED25519_PRIVATE, purpose, keyId)));
    }

    /** Purposes with at least one Ed25519 key (private or public), sorted. */
    public SortedSet<String> signingPurposes() throws IOException {
        SortedSet<String> purposes = new TreeSet<>();
        for (KeyFile file : keyFiles().keySet()) {
            if (file.kind() != Kind.HMAC) {
                purposes.add(file.purpose());
            }
        }
        return purposes;
    }

    // ---- change detection ----

    /**
     * A cheap digest of what the directory holds (names, sizes and modification times of its key
     * files), so a caller can poll for rotation and reload its {@link KeyRing} only on a change.
     * It reads no key material. An absent directory has a fingerprint too.
     */
    public String fingerprint() throws IOException {
        List<Path> files = listFiles();
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        MessageDigest sha256 = sha256();
        for (Path file : files) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                continue; // removed while we looked: the missing name changes the digest anyway
            }
            String line = file.getFileName() + "\t" + attributes.size() + "\t"
                    + attributes.lastModifiedTime().toMillis() + "\n";
            sha256.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    // ---- files ----

    private record Ed25519Files(String id, Path privateFile, Path publicFile) {
    }

    private TreeMap<String, Ed25519Files> ed25519Files(String purpose) throws IOException {
        TreeMap<String, Ed25519Files> byId = new TreeMap<>();
        for (Map.Entry<KeyFile, Path> entry : keyFiles().entrySet()) {
            KeyFile name = entry.getKey();
            if (name.kind() != Kind.HMAC && name.purpose().equals(purpose)) {
                String id = name.id();
                Ed25519Files known = byId.getOrDefault(id, new Ed25519Files(id, null, null));
                byId.put(id, name.kind() == Kind.ED25519_PRIVATE
                        ? new Ed25519Files(id, entry.getValue(), known.publicFile())
                        : new Ed25519Files(id, known.privateFile(), entry.getValue()));
            }
        }
        return byId;
    }

    private TreeMap<String, Path> hmacFiles(String purpose) throws IOException {
        TreeMap<String, Path> byId = new TreeMap<>();
        for (Map.Entry<KeyFile, Path> entry : keyFiles().entrySet()) {
            if (entry.getKey().kind() == Kind.HMAC && entry.getKey().purpose().equals(purpose)) {
                byId.put(entry.getKey().id(), entry.getValue());
            }
        }
        return byId;
    }

    /** The key files in the directory, by what their names say they are; other files are not looked at. */
    private Map<KeyFile, Path> keyFiles() throws IOException {
        Map<KeyFile, Path> files = new LinkedHashMap<>();
        for (Path file : listFiles()) {
            KeyNames.parse(file.getFileName().toString()).ifPresent(name -> files.put(name, file));
        }
        return files;
    }

    /** Regular files that are not hidden (temporary files start with a dot). */
    private List<Path> listFiles() throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    result.add(file);
                }
            }
        }
        return result;
    }

    private String nextId(Collection<String> existingIds) {
        byte[] suffix = new byte[KeyNames.ID_SUFFIX_BYTES];
        random.nextBytes(suffix);
        return KeyNames.nextId(existingIds, clock.instant(), suffix);
    }

    private static HmacKey readHmac(Path file, String id, String purpose) throws IOException {
        byte[] content = readPem(file, HMAC_PEM_TYPE);
        try {
            return new HmacKey(id, purpose, content);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static SigningKey readSigning(Path file, String id, String purpose) throws IOException {
        try {
            return new SigningKey(id, purpose, KeyPem.ed25519PrivateKey(readPem(file, PRIVATE_PEM_TYPE)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static VerificationKey readVerification(Path file, String id, String purpose) throws IOException {
        try {
            return new VerificationKey(id, purpose, KeyPem.ed25519PublicKey(readPem(file, PUBLIC_PEM_TYPE)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void checkPair(SigningKey signing, VerificationKey published, Path publicFile) throws IOException {
        if (!signing.verificationKey().equals(published)) {
            throw new IOException(publicFile + ": does not match its private key; delete it to derive it again"
                    + " from the private key, or restore the right file");
        }
    }

    private static byte[] readPem(Path file, String type) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PemReader pem = new PemReader(reader)) {
            PemObject object;
            try {
                object = pem.readPemObject();
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": not a " + type + " PEM file (" + e.getMessage() + ")", e);
            }
            if (object == null || !type.equals(object.getType())) {
                throw new IOException(file + ": not a " + type + " PEM file");
            }
            return object.getContent();
        }
    }

    private void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(dir, ".key-", ".tmp");
        try {
            setPermissions(tmp, secret ? "rw-------" : "rw-r--r--");
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

    private static void setPermissions(Path file, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions must protect the key.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
