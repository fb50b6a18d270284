package dev.idgw.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The schedule of a purpose whose keys take turns and whose public keys verifiers fetch and cache (the
 * partner-request keys): a new key is published first and signs only later, and a retired key stays
 * published until every signature it made has expired.
 *
 * <ul>
 *   <li>A key <b>signs from</b> {@code publishAhead} after the time in its id ({@code keys.jar rotate} and
 *       {@link KeyDirectory} write the current UTC time into every new id), until the next key signs. So a
 *       verifier holding a key set fetched before the new key existed, and cached no longer than it was
 *       told, never meets a signature by a key it has not seen.</li>
 *   <li>A key is <b>published</b> from the moment it is in the key directory until {@code keepRetired}
 *       after the next key started signing: {@code keepRetired} covers the validity of the last signatures
 *       it made (and the clock difference between instances).</li>
 *   <li>The oldest key signs at once when no key has reached its time yet (a fresh install has nothing
 *       older to sign with).</li>
 * </ul>
 *
 * <p>Everything follows from the key ids and the time: every instance and every restart reaches the same
 * answer, and nothing has to be remembered about when a key was last used.
 */
public record KeyRotation(Duration publishAhead, Duration keepRetired) {

    public KeyRotation {
        Objects.requireNonNull(publishAhead, "publishAhead");
        Objects.requireNonNull(keepRetired, "keepRetired");
        if (publishAhead.isNegative() || keepRetired.isNegative()) {
            throw new IllegalArgumentException("publishAhead and keepRetired must not be negative");
        }
    }

    /** When the key with this (generated) id starts signing, unless it is the oldest and nothing else may sign yet. */
    public Instant signsFrom(String keyId) {
        return KeyNames.createdAt(keyId).plus(publishAhead);
    }
}
