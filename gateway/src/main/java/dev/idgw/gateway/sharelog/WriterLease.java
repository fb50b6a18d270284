package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.time.Ticker;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard against two live processes appending as one writer. Each writer's chain is extended by
 * compare-and-set, so two writers never fork it, but they would interleave their entries and checkpoints
 * and, worse, a second {@code demo} deletes the ledger the first is writing. So a writer id is leased:
 * {@code <prefix>:lease:{<writer>}} holds a random token of the one instance that may append, with a PX
 * expiry ({@code shareLog.leaseTtl}, 15 s) that the holder renews every quarter of it from a Vert.x timer.
 *
 * <ul>
 *   <li>At start the lease is taken with one atomic script (the key is set only when absent); when another
 *       token holds it the instance refuses to start, naming the writer, the Redis and what to do.
 *   <li>A holder killed without releasing it blocks a restart for at most the TTL; a clean stop deletes
 *       the key, but only while it still holds this instance's token (compare-and-delete).
 *   <li>Appends are allowed only while the lease is known to be ours: until a third before the expiry the
 *       last successful renewal set (two thirds of the TTL, measured from when that renewal was <em>sent</em>), so this instance
 *       stops appending before Redis can hand the lease to anyone else. When Redis cannot be reached (it is
 *       down, or was down at start), identity is stripped, as it would be anyway without a share log; when
 *       it answers again a free key is taken back. A renewal that finds another token means a second
 *       instance runs as this writer: this one stops appending (fail closed) and logs an error.
 * </ul>
 */
public final class WriterLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterLease.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Renews or takes the lease; 1 renewed, 2 taken (the key was absent), 0 another token holds it. */
    private static final String TAKE_OR_RENEW = """
            local held = redis.call('GET', KEYS[1])
            if held == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not held then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 2
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    private static final long START_WAIT_SECONDS = 2;

    private final String key;
    private final String writerId;
    private final String token;
    private final Duration ttl;
    /** Monotonic: the validity window is an interval, and a wall clock stepped back would stretch it. */
    private final Ticker ticker;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long validUntilNanos;
    private volatile boolean everHeld;
    private volatile boolean heldElsewhere;
    private volatile boolean lapseLogged;
    private Vertx vertx;
    private RedisLink link;
    private long timer = -1;

    private WriterLease(ShareLogKeys keys, Duration ttl, Ticker ticker) {
        this.key = keys.lease();
        this.writerId = keys.writerId();
        this.ttl = ttl;
        this.ticker = ticker;
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    /**
     * Takes the lease of {@code keys}' writer (blocks up to 2 s; call at start, off the event loops).
     *
     * @param redisName the Redis as the refusal names it
     * @param whatToDo the advice the refusal ends with, e.g. "stop the other instance or give this one its own
     *     shareLog.writerId"
     * @param ticker measures the validity window (two thirds of {@code ttl} from each renewal sent)
     * @return the lease, held, or not held yet when Redis did not answer (it is taken once Redis answers,
     *     see {@link #keep}); until then appends are refused
     * @throws LeaseHeldElsewhere when another instance holds it
     */
    public static WriterLease take(RedisLink link, ShareLogKeys keys, Duration ttl, String redisName, String whatToDo,
                                   Ticker ticker) {
        WriterLease lease = new WriterLease(keys, ttl, ticker);
        var commands = link.commands();
        if (commands.isEmpty()) {
            LOG.warn("writer lease of {} not taken yet: Redis not connected; identity is stripped until it is", keys.writerId());
            return lease;
        }
        long sent = ticker.nanos();
        long outcome;
        try {
            outcome = lease.takeOrRenew(commands.get()).toCompletableFuture().get(START_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the writer lease", e);
        } catch (Exception e) {
            LOG.warn("writer lease of {} not taken yet: Redis did not answer ({}); identity is stripped until it is",
                    keys.writerId(), cause(e).getClass().getSimpleName());
            return lease;
        }
        if (outcome == 0) {
            throw new LeaseHeldElsewhere(lease.refusal(commands.get(), redisName, whatToDo));
        }
        lease.renewed(sent);
        return lease;
    }

    /** Renews the lease every quarter of its TTL on {@code vertx}'s timer, through {@code link}, until {@link #close}. */
    public synchronized WriterLease keep(Vertx vertx, RedisLink link) {
        this.vertx = vertx;
        this.link = link;
        long every = Math.max(100, ttl.toMillis() / 4); // two tries before the validity (2/3) runs out
        this.timer = vertx.setPeriodic(every, id -> renew());
        return this;
    }

    /** True while this instance may append as its writer (see the class comment). */
    public boolean held() {
        return everHeld && !heldElsewhere && ticker.nanos() - validUntilNanos < 0;
    }

    public String key() {
        return key;
    }

    public Duration ttl() {
        return ttl;
    }

    private void renew() {
        var commands = link.commands();
        if (commands.isEmpty() || !renewing.compareAndSet(false, true)) {
            logLapseOnce();
            return; // not connected (the link reconnects by itself), or the last renewal is still out
        }
        long sent = ticker.nanos();
        CompletionStage<Long> done;
        try {
            done = takeOrRenew(commands.get());
        } catch (RuntimeException e) {
            renewing.set(false);
            logLapseOnce();
            return;
        }
        done.whenComplete((outcome, error) -> {
            renewing.set(false);
            if (error != null) {
                logLapseOnce();
            } else if (outcome == 0) {
                if (!heldElsewhere) {
                    heldElsewhere = true;
                    LOG.error("writer lease {} is held by another instance: two processes run as writer {}. This one "
                            + "stops appending (identity is stripped) until the lease is free again; stop one of them "
                            + "and give each instance its own shareLog.writerId", key, writerId);
                }
            } else {
                if (heldElsewhere || lapseLogged || outcome == 2 && everHeld) {
                    LOG.info("writer lease of {} held again; appends resume", writerId);
                }
                heldElsewhere = false;
                renewed(sent);
            }
        });
    }

    private void logLapseOnce() {
        if (everHeld && !held() && !heldElsewhere && !lapseLogged) {
            lapseLogged = true;
            LOG.error("writer lease of {} could not be renewed within its {} s: Redis does not answer. Appends stop "
                    + "(identity is stripped) until it is renewed", writerId, ttl.toSeconds());
        }
    }

    /** Valid until two thirds of the TTL after the renewal was sent: Redis counts its expiry from later. */
    private void renewed(long sentNanos) {
        validUntilNanos = sentNanos + ttl.toNanos() * 2 / 3;
        everHeld = true;
        lapseLogged = false;
    }

    private CompletionStage<Long> takeOrRenew(RedisClusterAsyncCommands<String, String> commands) {
        return commands.eval(TAKE_OR_RENEW, ScriptOutputType.INTEGER, new String[] {key}, token,
                Long.toString(ttl.toMillis()));
    }

    private String refusal(RedisClusterAsyncCommands<String, String> commands, String redisName, String whatToDo) {
        long leftMillis;
        try {
            leftMillis = commands.pttl(key).toCompletableFuture().get(START_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            leftMillis = ttl.toMillis();
        }
        long leftSeconds = Math.max(1, (leftMillis + 999) / 1000);
        return "writer id '" + writerId + "' is in use on " + redisName + ": another running instance holds its lease ("
                + key + ", expires in " + leftSeconds + " s unless its holder renews it). Two writers must never append "
                + "to one share log, so this one does not start: " + whatToDo + ". An instance that was killed "
                + "without stopping releases it " + ttl.toSeconds() + " s after its last renewal: if that is what "
                + "happened, start again in " + leftSeconds + " s.";
    }

    /** Stops renewing and deletes the lease if it still holds this instance's token. Blocks up to 2 s. */
    @Override
    public synchronized void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        everHeld = false;
        var commands = link == null ? java.util.Optional.<RedisClusterAsyncCommands<String, String>>empty() : link.commands();
        if (commands.isEmpty()) {
            return; // it expires by itself
        }
        try {
            commands.get().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, token).toCompletableFuture()
                    .get(START_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("writer lease of {} not released ({}); it expires within {} s", writerId,
                    cause(e).getClass().getSimpleName(), ttl.toSeconds());
        }
    }

    /** Releases through {@code link} a lease taken but never kept (a start that failed before it could run). */
    public void closeThrough(RedisLink releaseLink) {
        synchronized (this) {
            if (link == null) {
                link = releaseLink;
            }
        }
        close();
    }

    private static Throwable cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Another running instance holds the writer's lease: this one must not start. */
    public static final class LeaseHeldElsewhere extends IllegalStateException {
        LeaseHeldElsewhere(String message) {
            super(message);
        }
    }
}
