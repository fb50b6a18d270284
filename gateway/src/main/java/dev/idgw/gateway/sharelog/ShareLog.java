package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.redis.RedisBreaker;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.time.Ticker;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This writer's hash-chained share log in Redis. The future of {@link #append} succeeds only once
 * Redis acknowledged the entry; with the shipped share-log Redis config (AOF, appendfsync always) that
 * means it is on disk.
 *
 * <p>Chaining. Entries get their sequence number and previous hash here, under a lock, in arrival
 * order. They are written in batches: when no batch is in flight an entry goes out at once (a batch
 * of one); entries arriving while one is in flight wait for it and then go out together, as one
 * script call, so under load one Redis round trip and one fsync serve many requests. The script
 * appends only if the stored head is the one the batch's first entry extends (compare-and-set), all
 * or nothing, so the stream can never hold a gap or a fork: if a batch fails, the entries queued
 * behind it fail too (those requests go out stripped), the writer re-reads the head from Redis and
 * carries on. A command Lettuce replays after a reconnect fails the same check. The script is sent by
 * SHA (EVALSHA) and by body only when Redis does not know it (after a restart).
 */
public final class ShareLog {
    public static final String ENTRY_FIELD = "e";
    public static final String SEQ_FIELD = "seq";
    public static final String HASH_FIELD = "h";
    private static final Logger LOG = LoggerFactory.getLogger(ShareLog.class);
    /** Entries per script call; more wait for the next batch. Keeps one call's work (and reply) small. */
    static final int MAX_BATCH = 128;

    /**
     * KEYS: stream, head. ARGV: expected seq, expected hash, genesis, then (seq, hash, json) per entry.
     * Returns the last stream id.
     */
    private static final String APPEND_SCRIPT = """
            local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
            local seq = head[1] or '0'
            local hash = head[2] or ARGV[3]
            if seq ~= ARGV[1] or hash ~= ARGV[2] then
              return redis.error_reply('CHAINMISMATCH head is ' .. seq)
            end
            local id
            for i = 4, #ARGV, 3 do
              id = redis.call('XADD', KEYS[1], '*', 'seq', ARGV[i], 'h', ARGV[i + 1], 'e', ARGV[i + 2])
            end
            redis.call('HSET', KEYS[2], 'seq', ARGV[#ARGV - 2], 'hash', ARGV[#ARGV - 1], 'id', id)
            return id
            """;
    private static final String APPEND_SHA = sha1Hex(APPEND_SCRIPT);

    /**
     * An entry waiting for its batch's acknowledgement; its request continues on {@code context}. It
     * keeps the breaker it took its permit from (on a cluster, the one of the master owning the
     * writer's slot at that moment), so the outcome is reported where the permit came from.
     */
    private record Pending(ChainedEntry entry, Context context, Promise<ChainedEntry> promise, long startNanos,
                           RedisBreaker breaker) {
    }

    private final RedisLink link;
    private final ShareLogKeys keys;
    private final String[] scriptKeys;
    private static final long RESYNC_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final AtomicBoolean resyncing = new AtomicBoolean();
    private final ExecutorService resyncer;
    private volatile long lastResyncNanos;
    private volatile boolean warned;
    private volatile boolean registered; // in the writers set
    private ChainHead next; // guarded by this: the head the next entry extends (optimistic)
    private boolean synced; // guarded by this
    private final ArrayDeque<Pending> queued = new ArrayDeque<>(); // guarded by this
    private boolean batchInFlight; // guarded by this
    private volatile ChainHead acknowledged = ChainHead.EMPTY;
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedEntries = new LongAdder();
    private final BooleanSupplier leaseHeld;
    private final Ticker ticker;

    /** A writer nobody else can run as (tests of the log alone), on {@link Ticker#SYSTEM}. */
    public ShareLog(RedisLink link, String keyPrefix, String writerId) {
        this(link, keyPrefix, writerId, () -> true, Ticker.SYSTEM);
    }

    /**
     * @param leaseHeld true while this instance holds the writer's lease ({@link WriterLease#held()}); appends
     *     fail (their requests go out stripped) while it is false
     * @param ticker spaces the re-reads of the chain head
     */
    public ShareLog(RedisLink link, String keyPrefix, String writerId, BooleanSupplier leaseHeld, Ticker ticker) {
        this.leaseHeld = leaseHeld;
        this.ticker = ticker;
        this.lastResyncNanos = ticker.nanos() - RESYNC_SPACING_NANOS; // the first re-read is never held back
        this.link = link;
        this.keys = new ShareLogKeys(keyPrefix, writerId);
        this.scriptKeys = new String[] {keys.stream(), keys.head()};
        this.resyncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sharelog-resync-" + writerId);
            t.setDaemon(true);
            return t;
        });
    }

    public String writerId() {
        return keys.writerId();
    }

    public ShareLogKeys keys() {
        return keys;
    }

    /** The newest entry Redis acknowledged, for checkpoints. */
    public ChainHead acknowledgedHead() {
        return acknowledged;
    }

    /** Script calls made and entries they carried, for the mean batch size. */
    public long batches() {
        return batches.sum();
    }

    public long batchedEntries() {
        return batchedEntries.sum();
    }

    /**
     * True while appends can go out: the writer's lease is held, the chain head is known and no append failed
     * since it was read (readiness).
     */
    public synchronized boolean writable() {
        return synced && leaseHeld.getAsBoolean();
    }

    /** Re-reads the chain head in the background unless writable, so an idle gateway recovers without an append. */
    public void resyncIfUnwritable() {
        boolean headKnown;
        synchronized (this) {
            headKnown = synced; // not writable() : a lease held elsewhere is no reason to re-read the head
        }
        if (!headKnown) {
            resyncLater();
        }
    }

    /** Reads the chain head and registers the writer. Call once at start (may block briefly). */
    public void open() {
        resync();
    }

    /** Appends the record as the chain's next entry; succeeds with the entry once acknowledged. */
    public Future<ChainedEntry> append(ShareRecord record, Context context) {
        if (!leaseHeld.getAsBoolean()) {
            return Future.failedFuture(new IllegalStateException("share log writer lease not held"));
        }
        if (link.commands().isEmpty()) {
            return Future.failedFuture(new IllegalStateException("share log redis not connected"));
        }
        RedisBreaker breaker = link.breaker(keys.stream());
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(new IllegalStateException("share log redis circuit open"));
        }
        long start = breaker.nanos();
        Pending pending;
        List<Pending> batch = null;
        synchronized (this) {
            if (!synced) {
                breaker.abandon();
                resyncLater();
                return Future.failedFuture(new IllegalStateException("share log chain head not known yet"));
            }
            ChainHead extended = next;
            long seq = extended.seq() + 1;
            ChainedEntry entry = ShareRecordCodec.chain(record, seq, extended.hash());
            pending = new Pending(entry, context, Promise.promise(), start, breaker);
            queued.add(pending);
            next = new ChainHead(seq, entry.hash());
            if (!batchInFlight) {
                batchInFlight = true;
                batch = drain();
            }
        }
        if (batch != null) {
            send(batch);
        }
        return pending.promise().future();
    }

    /** Takes up to {@link #MAX_BATCH} queued entries, in chain order. Caller holds the lock. */
    private List<Pending> drain() {
        List<Pending> batch = new ArrayList<>(Math.min(queued.size(), MAX_BATCH));
        while (!queued.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(queued.poll());
        }
        return batch;
    }

    private void send(List<Pending> batch) {
        ChainedEntry first = batch.get(0).entry();
        String[] args = new String[3 + 3 * batch.size()];
        args[0] = Long.toString(first.seq() - 1);
        args[1] = first.prevHash();
        args[2] = EntryHash.GENESIS;
        int i = 3;
        for (Pending p : batch) {
            args[i++] = Long.toString(p.entry().seq());
            args[i++] = p.entry().hash();
            args[i++] = p.entry().json();
        }
        batches.increment();
        batchedEntries.add(batch.size());
        CompletionStage<String> sent;
        try {
            var commands = link.commands().orElseThrow(() -> new IllegalStateException("share log redis not connected"));
            sent = commands.<String>evalsha(APPEND_SHA, ScriptOutputType.VALUE, scriptKeys, args)
                    .exceptionallyCompose(error -> isNoScript(error)
                            // Redis restarted and lost its script cache: the script did not run, so send the body.
                            ? commands.<String>eval(APPEND_SCRIPT, ScriptOutputType.VALUE, scriptKeys, args)
                            : CompletableFuture.failedStage(error));
        } catch (RuntimeException e) {
            failed(batch, e);
            return;
        }
        sent.whenComplete((streamId, error) -> {
            if (error == null) {
                succeeded(batch);
            } else {
                failed(batch, error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
            }
        });
    }

    private static boolean isNoScript(Throwable error) {
        Throwable e = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private void succeeded(List<Pending> batch) {
        for (Pending p : batch) {
            p.breaker().succeeded(p.startNanos());
            acknowledge(p.entry());
            p.context().runOnContext(v -> p.promise().complete(p.entry()));
        }
        List<Pending> nextBatch;
        synchronized (this) {
            nextBatch = queued.isEmpty() ? null : drain();
            batchInFlight = nextBatch != null;
        }
        if (nextBatch != null) {
            send(nextBatch);
        }
    }

    /** The batch failed: so do the entries queued behind it (they extend it); then re-read the head. */
    private void failed(List<Pending> batch, Throwable error) {
        List<Pending> behind;
        synchronized (this) {
            synced = false;
            batchInFlight = false;
            behind = new ArrayList<>(queued);
            queued.clear();
        }
        for (List<Pending> group : List.of(batch, behind)) {
            for (Pending p : group) {
                p.breaker().failed(p.startNanos(), error);
                p.context().runOnContext(v -> p.promise().fail(error));
            }
        }
        resyncLater();
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acknowledge(ChainedEntry entry) {
        ChainHead current = acknowledged;
        if (entry.seq() > current.seq()) {
            acknowledged = new ChainHead(entry.seq(), entry.hash());
        }
    }

    private void resyncLater() {
        long now = ticker.nanos();
        if (now - lastResyncNanos < RESYNC_SPACING_NANOS || !resyncing.compareAndSet(false, true)) {
            return;
        }
        lastResyncNanos = now;
        // Off the caller's thread (an event loop): a resync waits for Redis.
        resyncer.execute(() -> {
            try {
                resync();
            } finally {
                resyncing.set(false);
            }
        });
    }

    /** Stops the background resync thread. */
    public void close() {
        resyncer.shutdownNow();
    }

    /** Reads the stored head; until it succeeds, appends fail (and their requests go out stripped). */
    private void resync() {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return;
        }
        try {
            // Registered before the first append, so compliance always finds this writer's stream. Later
            // (e.g. a Redis that lost its data) again, but not waited for: on a Redis Cluster the writers
            // set lives on another master than this chain, and that master being down must not stop
            // appends that need only the chain's own master.
            var registering = commands.get().sadd(ShareLogKeys.writers(keys.prefix()), keys.writerId());
            if (!registered) {
                registering.get(2, TimeUnit.SECONDS);
                registered = true;
            }
            Map<String, String> head = commands.get().hgetall(keys.head()).get(2, TimeUnit.SECONDS);
            ChainHead stored = head == null || head.isEmpty() ? ChainHead.EMPTY
                    : new ChainHead(Long.parseLong(head.get("seq")), head.get("hash"));
            synchronized (this) {
                next = stored;
                synced = true;
            }
            if (stored.seq() > acknowledged.seq()) {
                acknowledged = stored;
            }
            if (warned) {
                LOG.info("share log of writer {} writable again at seq {}", keys.writerId(), stored.seq());
                warned = false;
            }
        } catch (Exception e) {
            if (!warned) {
                LOG.warn("share log head of writer {} not readable ({}); identity is stripped until it is",
                        keys.writerId(), e.getClass().getSimpleName());
                warned = true;
            }
        }
    }
}
