package dev.idgw.gateway.sharelog;

import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes this writer's chain with an Ed25519-signed checkpoint every {@code everyEntries} acknowledged
 * entries or every {@code interval}, whichever comes first (and once more at shutdown). Signing runs
 * on a worker thread, never on an event loop, and never on an ad request's path.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long TICK_MILLIS = 100;

    private final Vertx vertx;
    private final RedisLink link;
    private final ShareLog shareLog;
    private final Supplier<CheckpointSigner> signer;
    private final long everyEntries;
    private final long intervalMillis;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<Checkpoint> last = new AtomicReference<>();
    private volatile long lastAtMillis;
    private long timer = -1;

    public Checkpointer(Vertx vertx, RedisLink link, ShareLog shareLog, Supplier<CheckpointSigner> signer,
                        long everyEntries, Duration interval, Clock clock) {
        this.vertx = vertx;
        this.link = link;
        this.shareLog = shareLog;
        this.signer = signer;
        this.everyEntries = everyEntries;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
    }

    /** Reads the last stored checkpoint and starts the timer. Call from a thread that may block. */
    public void start() {
        link.commands().ifPresent(c -> {
            try {
                List<StreamMessage<String, String>> newest = c.xrevrange(shareLog.keys().checkpoints(),
                        Range.create("-", "+"), io.lettuce.core.Limit.from(1)).get(2, TimeUnit.SECONDS);
                if (!newest.isEmpty()) {
                    last.set(CheckpointCodec.fromFields(newest.get(0).getBody()));
                }
            } catch (Exception e) {
                LOG.warn("last checkpoint of writer {} not readable ({})", shareLog.writerId(), e.getClass().getSimpleName());
            }
        });
        lastAtMillis = clock.millis();
        timer = vertx.setPeriodic(TICK_MILLIS, id -> maybeCheckpoint(false));
    }

    public Checkpoint lastCheckpoint() {
        return last.get();
    }

    private void maybeCheckpoint(boolean force) {
        ChainHead head = shareLog.acknowledgedHead();
        Checkpoint previous = last.get();
        long covered = previous == null ? 0 : previous.seq();
        if (head.seq() <= covered) {
            return;
        }
        boolean due = force || head.seq() - covered >= everyEntries || clock.millis() - lastAtMillis >= intervalMillis;
        if (due && busy.compareAndSet(false, true)) {
            checkpoint(head).onComplete(done -> busy.set(false));
        }
    }

    /** Signs and stores a checkpoint for {@code head}. */
    public Future<Checkpoint> checkpoint(ChainHead head) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.failedFuture("share log redis not connected");
        }
        long now = clock.millis();
        CheckpointSigner s = signer.get();
        return vertx.executeBlocking(() -> {
            String text = Checkpoint.signedText(shareLog.writerId(), head.seq(), head.hash(), now, s.keyId());
            byte[] sig = s.sign(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Checkpoint(shareLog.writerId(), head.seq(), head.hash(), now, s.keyId(),
                    Base64.getEncoder().encodeToString(sig));
        }, false).compose(c -> Future.fromCompletionStage(
                commands.get().xadd(shareLog.keys().checkpoints(), CheckpointCodec.fields(c)), vertx.getOrCreateContext())
                .map(id -> {
                    last.set(c);
                    lastAtMillis = now;
                    return c;
                }));
    }

    /** A final checkpoint of everything acknowledged, waited for (bounded). */
    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        ChainHead head = shareLog.acknowledgedHead();
        Checkpoint previous = last.get();
        if (head.seq() > (previous == null ? 0 : previous.seq())) {
            try {
                checkpoint(head).await(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("final checkpoint of writer {} not written ({})", shareLog.writerId(), e.getClass().getSimpleName());
            }
        }
    }
}
