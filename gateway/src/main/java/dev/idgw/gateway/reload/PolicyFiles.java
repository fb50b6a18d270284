package dev.idgw.gateway.reload;

import java.nio.file.Path;
import java.util.Objects;

/** The two operator files a reload re-reads: partner profiles and jurisdiction rules. */
public record PolicyFiles(Path partners, Path jurisdictions) {
    public PolicyFiles {
        Objects.requireNonNull(partners, "partners");
        Objects.requireNonNull(jurisdictions, "jurisdictions");
    }
}
