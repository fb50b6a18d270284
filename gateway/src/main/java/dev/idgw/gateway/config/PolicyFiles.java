package dev.idgw.gateway.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The two operator files a reload re-reads: partner profiles and jurisdiction rules. Here, not in
 * {@code reload}, because gateway.yaml names them: config depends on nothing of reload, reload on config.
 */
public record PolicyFiles(Path partners, Path jurisdictions) {
    public PolicyFiles {
        Objects.requireNonNull(partners, "partners");
        Objects.requireNonNull(jurisdictions, "jurisdictions");
    }
}
