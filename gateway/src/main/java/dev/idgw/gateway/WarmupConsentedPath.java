package dev.idgw.gateway;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentStore;
import dev.idgw.gateway.consent.ConsentWriter;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.time.Ticker;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent records that share and a share chain of their own, under a throwaway key prefix, so the
 * warm-up can run the consented path (decisions that share, share records, the append script) before
 * the first player does: measured, the first consented request after start took ~70 ms while its code
 * was still cold. Nothing here touches the real ledger's or consent keys: they live under
 * {@code <keyPrefix>:warmup:<random>:} (inside the gateway's own prefix, so a Redis ACL limited to it
 * still allows them), the writer is {@code warmup}, and every key is deleted again when the warm-up ends.
 */
final class WarmupConsentedPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmupConsentedPath.class);
    private static final int DEVICES = 32;
    private static final String WRITER = "warmup";
    /** Deleting the throwaway keys never holds start-up longer than this. */
    private static final long CLEANUP_MILLIS = 2_000;

    private final RedisLink consentLink;
    private final RedisLink shareLogLink;
    private final ConsentKeys consentKeys;
    private final ShareLog shareLog;
    private final ConsentStore consent;
    private final List<String> devices;

    private WarmupConsentedPath(RedisLink consentLink, RedisLink shareLogLink, String prefix, List<String> devices,
                                Ticker ticker) {
        this.consentLink = consentLink;
        this.shareLogLink = shareLogLink;
        this.consentKeys = new ConsentKeys(prefix);
        this.shareLog = new ShareLog(shareLogLink, prefix, WRITER, () -> true, ticker); // nobody else runs as it
        this.consent = new ConsentStore(consentLink, consentKeys);
        this.devices = devices;
    }

    /**
     * Writes the throwaway consent records and opens the throwaway chain, waiting at most {@code waitMillis};
     * empty when Redis is not there or too slow (start-up goes on without this part of the warm-up). The
     * records are stamped by {@code clock}; the throwaway chain spaces its re-reads by {@code ticker}.
     */
    static Optional<WarmupConsentedPath> seed(RedisLink consentLink, RedisLink shareLogLink, String keyPrefix,
                                              long waitMillis, Clock clock, Ticker ticker) {
        if (consentLink.commands().isEmpty() || shareLogLink.commands().isEmpty()) {
            return Optional.empty();
        }
        List<String> devices = new ArrayList<>(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            devices.add(UUID.randomUUID().toString());
        }
        var path = new WarmupConsentedPath(consentLink, shareLogLink, keyPrefix + ":warmup:" + UUID.randomUUID(),
                devices, ticker);
        try {
            var writer = new ConsentWriter(consentLink, path.consentKeys);
            var random = new SecureRandom();
            List<CompletableFuture<Void>> writes = new ArrayList<>(DEVICES);
            for (String device : devices) {
                byte[] emailHash = new byte[32];
                random.nextBytes(emailHash);
                writes.add(writer.put(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, emailHash, 1,
                        clock.instant())).toCompletableFuture());
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(waitMillis, TimeUnit.MILLISECONDS);
            path.shareLog.open();
            return Optional.of(path);
        } catch (Exception e) {
            LOG.warn("warm-up without the consented path ({})", e.getClass().getSimpleName());
            path.close();
            return Optional.empty();
        }
    }

    ConsentStore consent() {
        return consent;
    }

    ShareLog shareLog() {
        return shareLog;
    }

    /** The device for the {@code n}-th warm-up request: each has a record that shares (adult, US-CA). */
    String device(int n) {
        return devices.get(Math.floorMod(n, devices.size()));
    }

    /** Deletes every key the warm-up wrote, one by one (on a cluster they live on different masters). */
    @Override
    public void close() {
        shareLog.close();
        ShareLogKeys chain = shareLog.keys();
        List<CompletableFuture<?>> deletes = new ArrayList<>();
        shareLogLink.commands().ifPresent(c -> {
            for (String key : List.of(chain.stream(), chain.head(), chain.checkpoints(),
                    ShareLogKeys.writers(chain.prefix()))) {
                deletes.add(c.del(key).toCompletableFuture());
            }
        });
        consentLink.commands().ifPresent(c -> {
            for (String device : devices) {
                deletes.add(c.del(consentKeys.forDevice(device)).toCompletableFuture());
            }
        });
        try {
            CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).get(CLEANUP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("warm-up keys (<keyPrefix>:warmup:*) not all deleted ({})", e.getClass().getSimpleName());
        }
    }
}
