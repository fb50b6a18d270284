package dev.idgw.gateway.preview;

import dev.idgw.gateway.intake.AdPodRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the operator asks to preview.
 *
 * @param adPod the ad-pod request as the player route would have parsed it (headers and peer address included)
 * @param emailSha256 the SHA-256 of the email the caller says the viewer has, to see it in each partner's format
 *     where the consent record's hash would travel; empty: a placeholder stands there instead
 * @param at the instant to decide at (a dated rule's start, say); empty: now
 */
public record PreviewRequest(AdPodRequest adPod, Optional<byte[]> emailSha256, Optional<Instant> at) {
    public PreviewRequest {
        Objects.requireNonNull(adPod, "adPod");
        emailSha256 = emailSha256.map(byte[]::clone);
        Objects.requireNonNull(at, "at");
    }

    @Override
    public Optional<byte[]> emailSha256() {
        return emailSha256.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "PreviewRequest[email=" + emailSha256.isPresent() + ", at=" + at + "]"; // never the identifiers
    }
}
