package dev.idgw.gateway;

import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.KeyRing;
import dev.idgw.keys.KeyRotation;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.keys.SigningKey;
import dev.idgw.keys.SigningKeySet;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current key snapshot, swapped whole when the key directory changes (rotation without a
 * restart). The directory is polled on a worker thread; readers only ever see a complete snapshot.
 * It holds the key ring (checkpoint signing, pseudonyms) and, apart from it, the partner-request
 * keys: a purpose of their own, so the key whose signatures make the share log tamper-evident is
 * never put to a second use, and rotating one never touches the other.
 */
final class KeyRingHolder implements Supplier<KeyRing> {
    static final String SIGNING_PURPOSE = "sharelog";
    static final String PSEUDONYM_PURPOSE = "pseudonym";
    /** The keys that sign requests to partners ({@code ed25519-partner-requests-<id>.pem}). */
    static final String PARTNER_REQUEST_PURPOSE = "partner-requests";
    private static final Logger LOG = LoggerFactory.getLogger(KeyRingHolder.class);
    private static final long POLL_MILLIS = 5_000;

    /** A key snapshot with the pseudonym hasher made from it once, not once per request. */
    private record Snapshot(KeyRing ring, KeyedHasher pseudonyms, SigningKeySet partnerRequests) {
        static Snapshot of(KeyRing ring, SigningKeySet partnerRequests) {
            return new Snapshot(ring, new KeyedHasher(ring.hmacKey()), partnerRequests);
        }
    }

    private final KeyDirectory directory;
    private final AtomicReference<Snapshot> current;
    /** The partner-request key schedule and the wall clock, to say in the log when a rotated key will sign. */
    private final KeyRotation partnerRotation;
    private final Clock clock;
    private long timer = -1;

    private KeyRingHolder(KeyDirectory directory, Snapshot first, KeyRotation partnerRotation, Clock clock) {
        this.directory = directory;
        this.current = new AtomicReference<>(first);
        this.partnerRotation = partnerRotation;
        this.clock = clock;
    }

    /** Loads the keys, creating the first ones on a fresh install. Blocking: call at start. */
    static KeyRingHolder open(KeyDirectory directory, KeyRotation partnerRotation, Clock clock) {
        try {
            // The partner-request key first: the ring's fingerprint, taken last, then already includes it.
            SigningKeySet partnerRequests = SigningKeySet.loadOrCreate(directory, PARTNER_REQUEST_PURPOSE);
            return new KeyRingHolder(directory, Snapshot.of(
                    KeyRing.loadOrCreate(directory, SIGNING_PURPOSE, PSEUDONYM_PURPOSE), partnerRequests),
                    partnerRotation, clock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create keys in " + directory.path() + ": " + e.getMessage(), e);
        }
    }

    void watch(Vertx vertx) {
        timer = vertx.setPeriodic(POLL_MILLIS, id -> vertx.executeBlocking(() -> {
            reloadIfChanged();
            return null;
        }, false));
    }

    void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void reloadIfChanged() {
        try {
            if (!directory.fingerprint().equals(current.get().ring().fingerprint())) {
                KeyRing next = KeyRing.load(directory, SIGNING_PURPOSE, PSEUDONYM_PURPOSE);
                SigningKeySet partnerRequests = SigningKeySet.load(directory, PARTNER_REQUEST_PURPOSE);
                current.set(Snapshot.of(next, partnerRequests));
                LOG.info("keys reloaded: signing key {}, pseudonym key {}, partner-request keys: {}", next.signingKey().id(),
                        next.hmacKey().id(), schedule(partnerRequests));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("key directory changed but could not be loaded ({}); keeping the current keys", e.getMessage());
        }
    }

    /** Which partner-request key signs now, and from when each newer one will (they are published already). */
    private String schedule(SigningKeySet keys) {
        String signing = keys.signingKeyAt(clock.instant(), partnerRotation).id();
        StringBuilder line = new StringBuilder(signing).append(" signs");
        for (SigningKey key : keys.keys()) {
            if (key.id().compareTo(signing) > 0) {
                line.append(", ").append(key.id()).append(" published, signs from ")
                        .append(partnerRotation.signsFrom(key.id()));
            }
        }
        return line.toString();
    }

    @Override
    public KeyRing get() {
        return current.get().ring();
    }

    /** Every partner-request key this instance holds; which one signs is the key schedule's answer. */
    SigningKeySet partnerRequestKeys() {
        return current.get().partnerRequests();
    }

    /** HMAC-SHA256 under the active pseudonym key, for subject pseudonyms. */
    KeyedHasher pseudonyms() {
        return current.get().pseudonyms();
    }
}
