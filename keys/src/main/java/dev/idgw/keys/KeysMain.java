package dev.idgw.keys;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The keys tool: {@code java -jar keys.jar <command> --dir DIR [options]}. Exit status 0 on
 * success, 1 on an I/O or key-file error, 2 on a usage error; messages say what to do next.
 * {@link #run} returns the status instead of exiting, so tests call it in-process.
 */
public final class KeysMain {
    static final String USAGE = """
            usage: java -jar keys.jar <command> --dir DIR [options]
              init           create the signing key 'sharelog' and the HMAC key 'pseudonym' unless present;
                             prints their ids
              rotate         new active signing key for --purpose P (default sharelog); older keys stay
                             for verification. With --hmac: new HMAC key (default purpose pseudonym)
              list           one line per key: kind purpose id active|inactive private|public-only
                             [--purpose P]
              export-public  public keys of --purpose P (default sharelog) as --format pem|jwks
                             (default pem), to stdout or --out FILE
              help           this text
            exit status: 0 success, 1 I/O or key file error, 2 usage error
            """;

    private enum Command {
        INIT("init", Set.of("--dir")),
        ROTATE("rotate", Set.of("--dir", "--purpose", "--hmac")),
        LIST("list", Set.of("--dir", "--purpose")),
        EXPORT_PUBLIC("export-public", Set.of("--dir", "--purpose", "--format", "--out"));

        final String word;
        final Set<String> options;

        Command(String word, Set<String> options) {
            this.word = word;
            this.options = options;
        }

        static Optional<Command> of(String word) {
            return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
        }
    }

    private static final Set<String> FLAGS = Set.of("--hmac");

    private record Invocation(Command command, Path dir, Optional<String> purpose, boolean hmac, String format,
                              Optional<Path> out) {
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private KeysMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        if (args.length == 1 && Set.of("help", "--help", "-h").contains(args[0])) {
            out.print(USAGE);
            return 0;
        }
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            KeyDirectory keys = new KeyDirectory(invocation.dir(), clock);
            switch (invocation.command()) {
                case INIT -> init(keys, out);
                case ROTATE -> rotate(keys, invocation, out);
                case LIST -> list(keys, invocation, out, err);
                case EXPORT_PUBLIC -> exportPublic(keys, invocation, out);
            }
            return 0;
        } catch (IOException e) {
            err.println("error: " + describe(e));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("error: " + describe(e.getCause()));
            return 1;
        }
    }

    private static Invocation parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command; say one of init, rotate, list, export-public");
        }
        Command command = Command.of(args[0]).orElseThrow(() -> new UsageException(
                "unknown command '" + args[0] + "'; say one of init, rotate, list, export-public"));
        Map<String, String> given = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (!command.options.contains(option)) {
                throw new UsageException("'" + option + "' is not an option of " + command.word
                        + "; it takes " + String.join(", ", new TreeSet<>(command.options)));
            }
            String value = "";
            if (!FLAGS.contains(option)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(option + " needs a value");
                }
                value = args[++i];
            }
            if (given.put(option, value) != null) {
                throw new UsageException(option + " given twice");
            }
        }
        if (!given.containsKey("--dir")) {
            throw new UsageException(command.word + " needs --dir DIR, the key directory");
        }
        Optional<String> purpose = Optional.ofNullable(given.get("--purpose"));
        if (purpose.isPresent()) {
            try {
                KeyNames.checkPurpose(purpose.get());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        String format = given.getOrDefault("--format", "pem");
        if (!format.equals("pem") && !format.equals("jwks")) {
            throw new UsageException("--format must be pem or jwks, not '" + format + "'");
        }
        return new Invocation(command, path(given.get("--dir")), purpose, given.containsKey("--hmac"), format,
                given.containsKey("--out") ? Optional.of(path(given.get("--out"))) : Optional.empty());
    }

    private static Path path(String text) throws UsageException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException("not a path: " + text);
        }
    }

    private static void init(KeyDirectory keys, PrintStream out) throws IOException {
        String signingPurpose = KeyDirectory.DEFAULT_SIGNING_PURPOSE;
        Optional<SigningKey> signing = keys.activeSigningKey(signingPurpose);
        SigningKey signingKey = signing.isPresent() ? signing.get() : keys.createSigningKey(signingPurpose);
        out.println("ed25519 " + signingPurpose + " " + signingKey.id() + (signing.isPresent() ? " exists" : " created"));

        String hmacPurpose = KeyDirectory.DEFAULT_HMAC_PURPOSE;
        Optional<HmacKey> hmac = keys.active(hmacPurpose);
        HmacKey hmacKey = hmac.isPresent() ? hmac.get() : keys.create(hmacPurpose);
        out.println("hmac " + hmacPurpose + " " + hmacKey.id() + (hmac.isPresent() ? " exists" : " created"));
    }

    private static void rotate(KeyDirectory keys, Invocation invocation, PrintStream out) throws IOException {
        requireDirectory(keys);
        if (invocation.hmac()) {
            String purpose = invocation.purpose().orElse(KeyDirectory.DEFAULT_HMAC_PURPOSE);
            out.println("hmac " + purpose + " " + keys.create(purpose).id() + " created");
        } else {
            String purpose = invocation.purpose().orElse(KeyDirectory.DEFAULT_SIGNING_PURPOSE);
            out.println("ed25519 " + purpose + " " + keys.createSigningKey(purpose).id() + " created");
        }
    }

    private static void list(KeyDirectory keys, Invocation invocation, PrintStream out, PrintStream err)
            throws IOException {
        requireDirectory(keys);
        List<String> lines = new ArrayList<>();
        for (String purpose : purposes(keys.signingPurposes(), invocation.purpose())) {
            List<VerificationKey> verification = keys.verificationKeys(purpose);
            for (int i = 0; i < verification.size(); i++) {
                String id = verification.get(i).id();
                lines.add("ed25519 " + purpose + " " + id + (i == verification.size() - 1 ? " active" : " inactive")
                        + (keys.hasPrivateKey(purpose, id) ? " private" : " public-only"));
            }
        }
        for (String purpose : purposes(keys.hmacPurposes(), invocation.purpose())) {
            List<HmacKey> hmac = keys.all(purpose);
            for (int i = 0; i < hmac.size(); i++) {
                lines.add("hmac " + purpose + " " + hmac.get(i).id()
                        + (i == hmac.size() - 1 ? " active" : " inactive") + " private");
            }
        }
        lines.forEach(out::println);
        if (lines.isEmpty()) {
            err.println("no keys" + invocation.purpose().map(p -> " for purpose " + p).orElse("") + " in "
                    + keys.path() + "; create them with: java -jar keys.jar init --dir " + keys.path());
        }
    }

    private static SortedSet<String> purposes(SortedSet<String> present, Optional<String> only) {
        SortedSet<String> chosen = new TreeSet<>(present);
        only.ifPresent(p -> chosen.retainAll(Set.of(p)));
        return chosen;
    }

    private static void exportPublic(KeyDirectory keys, Invocation invocation, PrintStream out) throws IOException {
        requireDirectory(keys);
        String purpose = invocation.purpose().orElse(KeyDirectory.DEFAULT_SIGNING_PURPOSE);
        List<VerificationKey> verification = keys.verificationKeys(purpose);
        if (verification.isEmpty()) {
            throw new IOException("no Ed25519 keys for purpose " + purpose + " in " + keys.path()
                    + " (signing purposes here: " + keys.signingPurposes() + "); pick one with --purpose, or run init");
        }
        String text = invocation.format().equals("jwks") ? PublicKeys.toJwks(verification) : PublicKeys.toPem(verification);
        if (invocation.out().isPresent()) {
            Path file = invocation.out().get();
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            out.println("wrote " + verification.size() + " " + purpose + " public key(s) as " + invocation.format()
                    + " to " + file);
        } else {
            out.print(text);
        }
    }

    private static void requireDirectory(KeyDirectory keys) throws IOException {
        if (!Files.isDirectory(keys.path())) {
            throw new IOException("no key directory at " + keys.path() + "; create one with: java -jar keys.jar init --dir "
                    + keys.path());
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage() + " (run as the user that owns the key directory)";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return "not a usable path: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
