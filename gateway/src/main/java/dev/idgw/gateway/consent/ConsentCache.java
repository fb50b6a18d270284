package dev.idgw.gateway.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.time.Ticker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded consent records kept in the gateway so that a request costs no Redis round trip for consent,
 * and dropped the moment Redis reports a change (see {@link TrackingSession} for when the cache is
 * trusted at all and the staleness bound).
 *
 * <p>The race every client-side cache has: a read is in flight, the record changes, the (old) answer
 * arrives after the invalidation. A read therefore first puts a {@link Loading} marker in the slot;
 * any invalidation of that key, from Redis or from our own consent API, removes the marker; the answer
 * is stored only if its own marker is still there, in one atomic step. So an answer is either stored
 * before an invalidation that then removes it, or not stored at all.
 */
public final class ConsentCache implements AutoCloseable {
    private sealed interface Slot permits Loading, Loaded {
    }

    /** A read in flight, under a session. Compared by identity: each read has its own. */
    public static final class Loading implements Slot {
        private final TrackingSession.Session session;

        private Loading(TrackingSession.Session session) {
            this.session = session;
        }
    }

    private record Loaded(ConsentLookup lookup, TrackingSession.Session session) implements Slot {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsentCache.class);
    private static final AtomicBoolean CLUSTER_NOTICE_LOGGED = new AtomicBoolean();

    private final Cache<String, Slot> slots;
    private final TrackingSession tracking;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private ConsentCache(ConsentCacheSettings settings, RedisLink link, Ticker ticker) {
        this.slots = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.maxAge())
                .ticker(ticker::nanos) // maxAge on the gateway's ticker, like the staleness bound
                .executor(Runnable::run) // maintenance inline: no ForkJoinPool work from the request path
                .build();
        this.tracking = new TrackingSession(link, settings, ticker, this::invalidate, this::invalidateAll);
    }

    /**
     * A cache on {@code link}'s connection, or null when the settings turn it off or the link runs on a
     * Redis Cluster: there, tracking would have to be switched on in every node's connection and the
     * invalidations of every node followed (and each node's heartbeat, for the staleness bound), which
     * is not built yet; so on a cluster every consent read goes to Redis (one extra round trip).
     *
     * @param ticker the monotonic time both {@code maxAge} and the staleness bound are measured on
     */
    public static ConsentCache on(RedisLink link, ConsentCacheSettings settings, Ticker ticker) {
        if (!settings.enabled()) {
            return null;
        }
        if (link.isCluster()) {
            if (CLUSTER_NOTICE_LOGGED.compareAndSet(false, true)) {
                LOG.info("consent cache off: not supported on Redis Cluster yet");
            }
            return null;
        }
        return new ConsentCache(settings, link, ticker);
    }

    /** The cached answer for the record at {@code key}, or null: read Redis. */
    public ConsentLookup get(String key) {
        TrackingSession.Session session = tracking.trusted();
        if (session != null && slots.getIfPresent(key) instanceof Loaded loaded && loaded.session() == session) {
            hits.increment();
            return loaded.lookup();
        }
        misses.increment();
        return null;
    }

    /** Marks a read of {@code key} as started; null when the answer must not be cached. */
    public Loading begin(String key) {
        TrackingSession.Session session = tracking.trusted();
        if (session == null) {
            return null;
        }
        Loading loading = new Loading(session);
        slots.put(key, loading);
        return loading;
    }

    /** Stores the answer of the read {@code loading} started, unless the key changed meanwhile. */
    public void complete(String key, Loading loading, ConsentLookup lookup) {
        if (loading == null || lookup instanceof ConsentLookup.Unavailable) {
            return;
        }
        slots.asMap().computeIfPresent(key, (k, slot) ->
                slot == loading && tracking.isCurrent(loading.session) ? new Loaded(lookup, loading.session) : slot);
    }

    /** The record at {@code key} changed (Redis said so, or our own consent API just wrote it). */
    public void invalidate(String key) {
        slots.invalidate(key);
    }

    public void invalidateAll() {
        slots.invalidateAll();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** True while the cache may be served (tracking on and fresh). */
    public boolean trusted() {
        return tracking.trusted() != null;
    }

    @Override
    public void close() {
        tracking.close();
        slots.invalidateAll();
    }
}
