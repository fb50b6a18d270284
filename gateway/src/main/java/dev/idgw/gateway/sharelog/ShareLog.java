package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This writer's hash-chained share log in Redis. The future of {@link #append} succeeds only once
 * Redis acknowledged the entry; with the shipped share-log Redis config (AOF, appendfsync always) that
 * means it is on disk.
 *
 * <p>Chaining. Entries get their sequence number and previous hash here, under a lock, and are sent in
 * that order on one pipelined connection, so concurrent requests never wait for each other's round
 * trip (Redis groups their fsyncs). A Lua script appends only if the stored head is the one this entry
 * extends (compare-and-set), so the stream can never hold a gap or a fork: if an append fails, the
 * ones pipelined behind it fail their check too (those requests go out stripped), the writer re-reads
 * the head from Redis and carries on. A command Lettuce replays after a reconnect fails the same check.
 */
public final class ShareLog {
    public static final String ENTRY_FIELD = "e";
    public static final String SEQ_FIELD = "seq";
    public static final String HASH_FIELD = "h";
    private static final Logger LOG = LoggerFactory.getLogger(ShareLog.class);

    /** KEYS: stream, head. ARGV: expected seq, expected hash, seq, hash, uid (unused: it is inside the json), json, genesis. */
    private static final String APPEND_SCRIPT = """
            local head = redis.call('HMGET', KEYS[2], 'seq', 'hash')
            local seq = head[1] or '0'
            local hash = head[2] or ARGV[7]
            if seq ~= ARGV[1] or hash ~= ARGV[2] then
              return redis.error_reply('CHAINMISMATCH head is ' .. seq)
            end
            local id = redis.call('XADD', KEYS[1], '*', 'seq', ARGV[3], 'h', ARGV[4], 'e', ARGV[6])
            redis.call('HSET', KEYS[2], 'seq', ARGV[3], 'hash', ARGV[4], 'id', id)
            return id
            """;

    private final RedisLink link;
    private final ShareLogKeys keys;
    private final String[] scriptKeys;
    private static final long RESYNC_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final AtomicBoolean resyncing = new AtomicBoolean();
    private final ExecutorService resyncer;
    private volatile long lastResyncNanos;
    private volatile boolean warned;
    private ChainHead next; // guarded by this: the head the next entry extends (optimistic)
    private boolean synced; // guarded by this
    private volatile ChainHead acknowledged = ChainHead.EMPTY;

    public ShareLog(RedisLink link, String keyPrefix, String writerId) {
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

    /** Reads the chain head and registers the writer. Call once at start (may block briefly). */
    public void open() {
        resync();
    }

    /** Appends the record as the chain's next entry; succeeds with the entry once acknowledged. */
    public Future<ChainedEntry> append(ShareRecord record, Context context) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("share log redis not connected"));
        }
        if (!link.breaker().tryAcquire()) {
            return Future.failedFuture(new IllegalStateException("share log redis circuit open"));
        }
        long start = System.nanoTime();
        ChainedEntry entry;
        java.util.concurrent.CompletionStage<String> sent;
        synchronized (this) {
            if (!synced) {
                link.breaker().abandon();
                resyncLater();
                return Future.failedFuture(new IllegalStateException("share log chain head not known yet"));
            }
            ChainHead extended = next;
            long seq = extended.seq() + 1;
            String json = ShareRecordCodec.encode(record, seq, extended.hash());
            entry = new ChainedEntry(seq, extended.hash(), EntryHash.of(json), json, record);
            try {
                sent = commands.get().eval(APPEND_SCRIPT, ScriptOutputType.VALUE, scriptKeys,
                        Long.toString(extended.seq()), extended.hash(), Long.toString(seq), entry.hash(),
                        record.entryId(), json, EntryHash.GENESIS);
            } catch (RuntimeException e) {
                link.breaker().failed(start, e);
                synced = false;
                resyncLater();
                return Future.failedFuture(e);
            }
            next = new ChainHead(seq, entry.hash());
        }
        return Future.fromCompletionStage(sent, context)
                .map(streamId -> {
                    link.breaker().succeeded(start);
                    acknowledge(entry);
                    return entry;
                })
                .onFailure(error -> {
                    link.breaker().failed(start, error);
                    synchronized (this) {
                        synced = false;
                    }
                    resyncLater();
                });
    }

    private void acknowledge(ChainedEntry entry) {
        ChainHead current = acknowledged;
        if (entry.seq() > current.seq()) {
            acknowledged = new ChainHead(entry.seq(), entry.hash());
        }
    }

    private void resyncLater() {
        long now = System.nanoTime();
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
            commands.get().sadd(ShareLogKeys.writers(keys.prefix()), keys.writerId()).get(2, TimeUnit.SECONDS);
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
