package dev.idgw.gateway.config;

import java.nio.file.Path;

/** {@code keys:} where the HMAC key files live. */
final class KeysReader {
    /** Relative to the folder of gateway.yaml. */
    static final Path DEFAULT_DIR = Path.of("../keys-data");

    private KeysReader() {
    }

    /** The keys folder, resolved against {@code base} (gateway.yaml's folder). */
    static Path read(ConfigNode n, Path base) {
        Path dir = n.resolvedPath("dir", base, DEFAULT_DIR);
        n.rejectUnknownKeys();
        return dir;
    }
}
