package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.sharelog.ExportReader.Grouped;
import dev.idgw.gateway.sharelog.ExportReader.Problem;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.PublicKeys;
import dev.idgw.keys.VerificationKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code gateway.jar verify}: checks exported share logs with no Redis and no gateway, so an auditor
 * can verify what the compliance API handed out using only the published public keys. Each writer's
 * entries go through {@link ChainVerifier}, exactly as the gateway's own verify endpoint does.
 *
 * <p>What it cannot see: without checkpoints, a truncated tail or a consistently rewritten history
 * (only the signed heads pin those down); and an export may legitimately start mid-chain, so entries
 * missing before the first one are found only when a checkpoint sits right before it.
 */
public final class OfflineVerifier {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    static final String USAGE = """
            usage: java -jar gateway/target/gateway.jar verify --entries shares.ndjson
                     [--checkpoints checkpoints.ndjson --keys keys.jwks [--keys-format jwks|pem]] [--partial]
              --entries      NDJSON from GET /compliance/v1/shares
              --checkpoints  NDJSON from GET /compliance/v1/checkpoints (without it only the chains are checked)
              --keys         public keys from GET /compliance/v1/keys (JWKS) or a PEM bundle; format guessed if not given
              --partial      the entries are a time range, not the whole log: the end may lie before the last checkpoint
            exit: 0 every writer verified, 1 a failure or unreadable input, 2 usage error""";

    private OfflineVerifier() {
    }

    enum KeysFormat { JWKS, PEM }

    record Options(Path entries, Optional<Path> checkpoints, Optional<Path> keys, Optional<KeysFormat> keysFormat,
                   boolean partial) {
        static Options parse(List<String> args) {
            Map<String, String> values = new HashMap<>();
            boolean partial = false;
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                switch (name) {
                    case "--partial" -> partial = true;
                    case "--entries", "--checkpoints", "--keys", "--keys-format" -> {
                        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        if (values.put(name, args.get(++i)) != null) {
                            throw new IllegalArgumentException(name + " given twice");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
            }
            if (!values.containsKey("--entries")) {
                throw new IllegalArgumentException("--entries is required");
            }
            if (values.containsKey("--checkpoints") && !values.containsKey("--keys")) {
                throw new IllegalArgumentException("--checkpoints needs --keys to check their signatures");
            }
            Optional<KeysFormat> format = Optional.ofNullable(values.get("--keys-format")).map(f -> switch (f) {
                case "jwks" -> KeysFormat.JWKS;
                case "pem" -> KeysFormat.PEM;
                default -> throw new IllegalArgumentException("--keys-format is jwks or pem, not " + f);
            });
            return new Options(Path.of(values.get("--entries")), Optional.ofNullable(values.get("--checkpoints")).map(Path::of),
                    Optional.ofNullable(values.get("--keys")).map(Path::of), format, partial);
        }
    }

    /** Runs the command; returns the exit code ({@link #EXIT_OK}, {@link #EXIT_FAILED}, {@link #EXIT_USAGE}). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(USAGE);
            return EXIT_OK;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        Map<String, VerificationKey> keys = new HashMap<>();
        Grouped<StoredEntry> entries;
        Grouped<Checkpoint> checkpoints = new Grouped<>(Map.of(), List.of());
        Path reading = options.entries();
        try {
            if (options.keys().isPresent()) {
                reading = options.keys().get();
                for (VerificationKey key : readKeys(reading, options.keysFormat())) {
                    keys.put(key.id(), key);
                }
            }
            reading = options.entries();
            entries = ExportReader.entries(reading);
            if (options.checkpoints().isPresent()) {
                reading = options.checkpoints().get();
                checkpoints = ExportReader.checkpoints(reading);
            }
        } catch (IOException e) {
            err.println("verify: cannot read " + reading + ": " + describe(e));
            return EXIT_FAILED;
        } catch (IllegalArgumentException e) {
            err.println("verify: " + reading + ": " + e.getMessage());
            return EXIT_FAILED;
        }
        return report(options, entries, checkpoints, keys, out);
    }

    private static int report(Options options, Grouped<StoredEntry> entries, Grouped<Checkpoint> checkpoints,
                              Map<String, VerificationKey> keys, PrintStream out) {
        List<Problem> problems = new ArrayList<>(entries.problems());
        problems.addAll(checkpoints.problems());
        for (Problem p : problems) {
            out.println("FAILED at " + p);
        }
        if (options.checkpoints().isEmpty()) {
            out.println("note: no --checkpoints given: only the hash chains are checked, not signed heads "
                    + "(a truncated tail or a consistently rewritten history would go unseen)");
        }
        Set<String> writers = new TreeSet<>(entries.byWriter().keySet());
        writers.addAll(checkpoints.byWriter().keySet());
        int failed = 0;
        for (String writer : writers) {
            VerificationReport r = ChainVerifier.verify(writer, entries.byWriter().getOrDefault(writer, List.of()),
                    checkpoints.byWriter().getOrDefault(writer, List.of()), id -> Optional.ofNullable(keys.get(id)),
                    !options.partial());
            if (r.ok()) {
                out.println("writer " + writer + ": OK, " + r.entriesChecked() + " entries, " + r.checkpointsChecked()
                        + " checkpoints, " + r.replays() + " replays");
            } else {
                VerificationFailure f = r.firstFailure().orElseThrow();
                out.println("writer " + writer + ": FAILED at seq " + f.seq() + ": " + f.kind() + ": " + f.detail());
                failed++;
            }
        }
        if (writers.isEmpty() && problems.isEmpty()) {
            out.println("FAILED: nothing to verify, " + options.entries() + " holds no entries");
            return EXIT_FAILED;
        }
        if (failed > 0 || !problems.isEmpty()) {
            out.println("FAILED: " + failed + " of " + writers.size() + " writers failed, " + problems.size()
                    + " unreadable lines");
            return EXIT_FAILED;
        }
        out.println("OK: " + writers.size() + " writers verified" + (options.partial() ? " (partial export)" : ""));
        return EXIT_OK;
    }

    /** Share-log keys of the file; a JWK carries no purpose, so a JWKS is taken as share-log keys. */
    private static List<VerificationKey> readKeys(Path file, Optional<KeysFormat> format) throws IOException {
        String text = Files.readString(file);
        KeysFormat f = format.orElse(text.strip().startsWith("{") ? KeysFormat.JWKS : KeysFormat.PEM);
        List<VerificationKey> keys = (f == KeysFormat.JWKS ? PublicKeys.fromJwks(text) : PublicKeys.fromPem(text))
                .stream().filter(k -> k.purpose().equals(KeyDirectory.DEFAULT_SIGNING_PURPOSE)).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys of purpose " + KeyDirectory.DEFAULT_SIGNING_PURPOSE);
        }
        return keys;
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file"
                : e instanceof CharacterCodingException ? "not UTF-8"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
