package dev.idgw.gateway.wire;

import dev.idgw.partners.JsonOut;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;

/**
 * One HTTP body (a partner's bid request, the player's answer) in pooled direct memory, written once and
 * released exactly once, when the write that sends it is done.
 *
 * <p>Why pooled: these bodies were a third of the bytes the gateway allocated per ad request (the JMH
 * benchmark's {@code gc.alloc.rate.norm}), and a heap body is copied again by Netty into direct memory
 * before the socket sees it. From the pool Netty's own channels use, a body costs no garbage and that copy
 * is gone.
 *
 * <p>Why the ceremony: pooled memory goes back to the pool on release and is handed to the next request
 * that asks. Released while a write still reads it, one request's bytes (a partner payload carries the
 * viewer's identity) could go out in another's. Vert.x does not take ownership (it writes an unreleasable
 * slice), so the rule here is: release only once the write's future has completed, success or failure
 * (Netty completes it after the bytes reached the socket or the write was dropped), or when the body was
 * never handed to a write at all. {@link #sendThenRelease} is that rule in one place; {@link #release()}
 * is idempotent (a second release of recycled memory would free someone else's body), and {@link #live()}
 * counts bodies not yet released, so tests can show that every path, faults included, gives its body back.
 */
public final class PooledBody {
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicReferenceFieldUpdater<PooledBody, ByteBuf> MEMORY =
            AtomicReferenceFieldUpdater.newUpdater(PooledBody.class, ByteBuf.class, "memory");

    private volatile ByteBuf memory;
    private final Buffer view;
    private final int length;

    private PooledBody(ByteBuf memory) {
        this.memory = memory;
        this.view = BufferInternal.buffer(memory);
        this.length = memory.readableBytes();
    }

    /** A copy of what the thread's writer holds now (it is reused by the next body written on this thread). */
    public static PooledBody copyOf(JsonOut out) {
        return copyOf(out.array(), 0, out.size());
    }

    public static PooledBody copyOf(byte[] bytes, int offset, int length) {
        ByteBuf memory = ByteBufAllocator.DEFAULT.directBuffer(length, length);
        try {
            memory.writeBytes(bytes, offset, length);
        } catch (RuntimeException e) {
            memory.release();
            throw e;
        }
        LIVE.incrementAndGet();
        return new PooledBody(memory);
    }

    public int length() {
        return length;
    }

    /**
     * Hands the body to {@code write} (e.g. {@code response::end}, {@code request::end}) and releases it when
     * the returned future completes, or at once if {@code write} throws (it then never got the bytes).
     * Call at most once: the body belongs to that write from here on.
     */
    public Future<Void> sendThenRelease(Function<Buffer, Future<Void>> write) {
        Buffer bytes = bytes();
        Future<Void> written;
        try {
            written = write.apply(bytes);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        return written.andThen(done -> release());
    }

    /** The bytes, for reading before the body is sent or released (tests, the benchmark). */
    public Buffer bytes() {
        if (memory == null) {
            throw new IllegalStateException("body already released");
        }
        return view;
    }

    /**
     * Gives the memory back to the pool; only the first call does anything. Only for a body never handed
     * to a write: one that was is released by {@link #sendThenRelease} when the write is done.
     */
    public void release() {
        ByteBuf owned = MEMORY.getAndSet(this, null);
        if (owned != null) {
            LIVE.decrementAndGet();
            owned.release();
        }
    }

    /** Bodies written and not yet released, in this JVM: in flight, or leaked if it does not come back to 0. */
    public static long live() {
        return LIVE.get();
    }
}
