package dev.idgw.gateway.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.sharelog.StoredEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The archive on disk: {@code <dir>/<writerId>/seg-<firstSeq>-<lastSeq>.ndjson.gz} holds a segment's
 * entries (one JSON line each: seq, stored hash, the exact stored entry JSON as a string) and
 * {@code .manifest.json} beside it describes and signs it. Files are written to a temporary name,
 * fsynced and renamed, data first: a manifest is the commit point, so a data file without one is an
 * interrupted write and is ignored and replaced. Blocking I/O: never call from an event loop.
 */
public final class ArchiveDirectory implements SegmentStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MANIFEST = ".manifest.json";
    private static final String DATA = ".ndjson.gz";

    private final Path root;

    public ArchiveDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public List<String> writers() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
                dirs.forEach(d -> out.add(d.getFileName().toString()));
            }
        }
        return List.copyOf(out);
    }

    /** The writer's manifests, oldest first. */
    @Override
    public List<SegmentManifest> manifests(String writerId) throws IOException {
        Path dir = root.resolve(writerId);
        List<SegmentManifest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seg-*" + MANIFEST)) {
            for (Path f : files) {
                out.add(ManifestCodec.read(Files.readAllBytes(f)));
            }
        }
        out.sort(Comparator.comparingLong(SegmentManifest::firstSeq));
        return out;
    }

    public List<StoredEntry> entries(SegmentManifest m) throws IOException {
        List<StoredEntry> out = new ArrayList<>((int) Math.min(m.count(), 1_000_000));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dataFile(m.writerId(), m.firstSeq(), m.lastSeq()))),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                out.add(new StoredEntry(m.writerId(), n.path("seq").asLong(), n.path("h").asText(), n.path("e").asText()));
            }
        }
        return out;
    }

    /** SHA-256 of a segment's data file as it is now, to compare with its manifest. */
    public String dataSha256(SegmentManifest m) throws IOException {
        MessageDigest d = sha256();
        try (var in = Files.newInputStream(dataFile(m.writerId(), m.firstSeq(), m.lastSeq()))) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Writes a segment's data durably and returns the SHA-256 of the file. */
    @Override
    public String writeData(String writerId, long firstSeq, long lastSeq, List<StoredEntry> entries) throws IOException {
        Path dir = Files.createDirectories(root.resolve(writerId));
        Path tmp = Files.createTempFile(dir, ".seg-", ".tmp");
        MessageDigest digest = sha256();
        try {
            try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
                 DigestOutputStream hashed = new DigestOutputStream(file, digest);
                 GZIPOutputStream gz = new GZIPOutputStream(hashed, 65536)) {
                for (StoredEntry e : entries) {
                    ObjectNode line = JSON.createObjectNode().put("seq", e.seq()).put("h", e.hash()).put("e", e.json());
                    gz.write(JSON.writeValueAsBytes(line));
                    gz.write('\n');
                }
            }
            fsync(tmp);
            move(tmp, dataFile(writerId, firstSeq, lastSeq));
            fsync(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Writes (or replaces) a manifest durably: the commit point of a segment. */
    @Override
    public void writeManifest(SegmentManifest m) throws IOException {
        Path dir = Files.createDirectories(root.resolve(m.writerId()));
        Path tmp = Files.createTempFile(dir, ".manifest-", ".tmp");
        try {
            Files.write(tmp, ManifestCodec.write(m));
            fsync(tmp);
            move(tmp, manifestFile(m.writerId(), m.firstSeq(), m.lastSeq()));
            fsync(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Retention: the entries go, the manifest (counts, chain ends, no personal data) stays, marked. */
    @Override
    public void deleteData(SegmentManifest m) throws IOException {
        writeManifest(m.withDataDeleted());
        Files.deleteIfExists(dataFile(m.writerId(), m.firstSeq(), m.lastSeq()));
    }

    @Override
    public void deleteManifest(SegmentManifest m) throws IOException {
        Files.deleteIfExists(dataFile(m.writerId(), m.firstSeq(), m.lastSeq()));
        Files.deleteIfExists(manifestFile(m.writerId(), m.firstSeq(), m.lastSeq()));
    }

    /** Leftovers of an interrupted write: temp files, and data files no manifest commits. */
    @Override
    public void removeUncommitted(String writerId) throws IOException {
        Path dir = root.resolve(writerId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean orphan = name.endsWith(DATA)
                        && !Files.exists(dir.resolve(name.substring(0, name.length() - DATA.length()) + MANIFEST));
                if (name.endsWith(".tmp") || orphan) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private Path dataFile(String writerId, long first, long last) {
        return root.resolve(writerId).resolve(base(first, last) + DATA);
    }

    private Path manifestFile(String writerId, long first, long last) {
        return root.resolve(writerId).resolve(base(first, last) + MANIFEST);
    }

    private static String base(long first, long last) {
        return String.format("seg-%020d-%020d", first, last);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fsync(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ
                : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e;
            }
            // Some file systems cannot fsync a directory; the rename is then as durable as they make it.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
