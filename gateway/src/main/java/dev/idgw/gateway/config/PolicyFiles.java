package dev.idgw.gateway.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The two operator files a reload re-reads: partner profiles and jurisdiction rules. Here, not in
 * {@code reload}, because gateway.yaml names them: config depends on nothing of reload, reload on config.
 */
public record PolicyFiles(Path partners, Path jurisdictions) {
    /** Relative to the folder of gateway.yaml, like the values of its {@code partners} and {@code jurisdictions} keys. */
    static final Path DEFAULT_PARTNERS = Path.of("partners.yaml");
    static final Path DEFAULT_JURISDICTIONS = Path.of("jurisdictions.yaml");

    public PolicyFiles {
        Objects.requireNonNull(partners, "partners");
        Objects.requireNonNull(jurisdictions, "jurisdictions");
    }

    /** gateway.yaml's top-level {@code partners} and {@code jurisdictions} keys, resolved against {@code base}. */
    static PolicyFiles read(ConfigNode root, Path base) {
        return new PolicyFiles(root.resolvedPath("partners", base, DEFAULT_PARTNERS),
                root.resolvedPath("jurisdictions", base, DEFAULT_JURISDICTIONS));
    }
}
