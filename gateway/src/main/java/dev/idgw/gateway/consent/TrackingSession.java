package dev.idgw.gateway.consent;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.time.Ticker;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis client tracking on the consent connection: says whether invalidations can be trusted right now.
 *
 * <p>A {@link Session} is one period in which {@code CLIENT TRACKING} is known to be on for one
 * server-side client id and every invalidation Redis sent has reached us. It starts once Redis
 * acknowledged {@code CLIENT TRACKING ON} and ends at the first sign that invalidations may have been
 * lost: the connection dropped or was replaced, a flush we cannot attribute, or a heartbeat answered
 * by a different client id (Lettuce reconnected behind our back, and a new connection tracks nothing).
 * A session is trusted only while it is fresh: a heartbeat sent within {@code maxStaleness} has been
 * answered. Because Redis writes an invalidation into the connection before the reply to any command
 * that executes after the change, an answered heartbeat proves every change made before it was sent
 * has been seen; so a trusted cache is never more than {@code maxStaleness} behind, even when the
 * connection dies silently.
 */
public final class TrackingSession implements RedisLink.ConnectionObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackingSession.class);

    /** One trusted tracking period; compared by identity. */
    public static final class Session {
        private final long clientId;
        private final AtomicLong answeredSentAt;

        private Session(long clientId, long sentAtNanos) {
            this.clientId = clientId;
            this.answeredSentAt = new AtomicLong(sentAtNanos);
        }

        private void answered(long sentAtNanos) {
            answeredSentAt.accumulateAndGet(sentAtNanos, Math::max);
        }
    }

    private final RedisLink link;
    private final long maxStalenessNanos;
    private final Ticker ticker;
    private final Consumer<String> onKeyChanged;
    private final Runnable onAllChanged;
    private final ScheduledExecutorService heartbeat;
    /** Bumped at every end, so an answer to a start or heartbeat sent before it cannot revive anything. */
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicBoolean starting = new AtomicBoolean();
    private final Set<StatefulRedisConnection<String, String>> listened =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile Session current;
    private volatile boolean closed;

    /**
     * @param onKeyChanged told the key of every invalidation (from a Lettuce thread; must not block)
     * @param onAllChanged told when everything must be forgotten (session lost, or Redis flushed)
     * @param ticker when heartbeats are sent and how old the last answered one is, on one monotonic clock
     *     (the heartbeat's schedule itself runs on the executor's real time)
     */
    public TrackingSession(RedisLink link, ConsentCacheSettings settings, Ticker ticker,
                           Consumer<String> onKeyChanged, Runnable onAllChanged) {
        this.link = link;
        this.maxStalenessNanos = settings.maxStaleness().toNanos();
        this.ticker = ticker;
        this.onKeyChanged = onKeyChanged;
        this.onAllChanged = onAllChanged;
        // Told of the connection first, then beat: a connection reported after the first beat was sent
        // would end (discard) the session that beat starts, leaving the cache off until the next beat.
        link.observe(this);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consent-tracking");
            t.setDaemon(true);
            return t;
        });
        long every = settings.heartbeat().toNanos();
        heartbeat.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.NANOSECONDS);
    }

    /** The session whose entries may be served now, or null: read Redis and do not cache. */
    public Session trusted() {
        Session s = current;
        return s != null && s.answeredSentAt.get() >= ticker.nanos() - maxStalenessNanos ? s : null;
    }

    /** True while {@code session} has not ended (it may still be momentarily stale). */
    boolean isCurrent(Session session) {
        return session != null && session == current;
    }

    @Override
    public void connected(StatefulRedisConnection<String, String> connection) {
        if (listened.add(connection)) {
            connection.addListener((PushListener) this::onPush);
        }
        end("new connection");
    }

    @Override
    public void disconnected() {
        end("connection lost");
    }

    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (keys instanceof List<?> list) {
            for (Object key : list) {
                if (key instanceof String k) {
                    onKeyChanged.accept(k);
                }
            }
        } else {
            // A null key list: FLUSHALL/FLUSHDB, or Redis dropped its tracking table. Everything goes.
            onAllChanged.run();
        }
    }

    private void end(String why) {
        epoch.incrementAndGet();
        Session was = current;
        current = null;
        onAllChanged.run();
        if (was != null && !closed) {
            LOG.info("consent cache off until tracking is back ({})", why);
        }
    }

    private void beat() {
        try {
            var commands = link.commands();
            if (commands.isEmpty() || closed) {
                return;
            }
            long sentAt = ticker.nanos();
            long sentEpoch = epoch.get();
            Session s = current;
            if (s == null) {
                if (!starting.compareAndSet(false, true)) {
                    return;
                }
                // Pipelined: tracking is on before the id is read, and both before any later read.
                var on = commands.get().clientTracking(TrackingArgs.Builder.enabled());
                var id = commands.get().clientId();
                on.thenCombine(id, (ok, clientId) -> clientId).whenComplete((clientId, error) -> {
                    starting.set(false);
                    if (error == null && epoch.get() == sentEpoch && current == null) {
                        current = new Session(clientId, sentAt);
                        LOG.info("consent cache on (Redis client tracking)");
                    }
                });
            } else {
                commands.get().clientId().whenComplete((clientId, error) -> {
                    if (error != null || current != s || epoch.get() != sentEpoch) {
                        return; // an unanswered heartbeat simply lets the session go stale
                    }
                    if (clientId == s.clientId) {
                        s.answered(sentAt);
                    } else {
                        end("reconnected");
                    }
                });
            }
        } catch (RuntimeException e) {
            starting.set(false);
            // The next beat tries again; meanwhile the session goes stale and reads go to Redis.
        }
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        current = null;
    }

    /** For tests and metrics: how many sessions have ended. */
    long endedSessions() {
        return epoch.get();
    }

}
