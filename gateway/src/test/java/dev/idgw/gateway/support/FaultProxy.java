package dev.idgw.gateway.support;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 (port 0) in front of one target, with a fault ("toxic") that can be switched
 * while connections are open, from any thread. It stands in for toxiproxy, which this machine lacks.
 *
 * <p>Each connection lives on the event loop that accepted it: both sockets, its delay queues and its
 * counters are touched only there, so switching the toxic is a volatile write plus, for toxics that act
 * on open connections ({@link #reset()}, healing a {@link #blackhole()}), a task run on each connection's
 * context. The proxy runs its own {@link Vertx}, so a gateway under test never shares its event loops.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to the bytes; immutable, one in force at a time. */
    public record Toxic(Kind kind, Duration delay, double fraction, long bytes) {
        public enum Kind { PASS, LATENCY, P99_LATENCY, BLACKHOLE, STRAND, RESET, CLOSE_AFTER }

        public Toxic {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || fraction < 0 || fraction > 1 || bytes < 0) {
                throw new IllegalArgumentException("bad toxic: " + kind + " " + delay + " " + fraction + " " + bytes);
            }
        }
    }

    /** Share of client-to-target chunks {@link #p99Latency(Duration)} holds back. */
    public static final double DEFAULT_P99_FRACTION = 0.01;
    private static final Toxic PASS = new Toxic(Toxic.Kind.PASS, Duration.ZERO, 0, 0);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final NetServer server;
    private final NetClient client;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong bytesDropped = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private volatile Toxic toxic = PASS;

    private FaultProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()));
    }

    /** Starts forwarding to {@code targetHost:targetPort}, toxic {@link #pass()}; returns once it listens. */
    public static FaultProxy start(String targetHost, int targetPort) {
        FaultProxy proxy = new FaultProxy(Vertx.vertx(), targetHost, targetPort);
        proxy.server.connectHandler(proxy::accept);
        try {
            proxy.server.listen().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            proxy.close();
            throw new IllegalStateException("fault proxy did not listen: " + e, e);
        }
        return proxy;
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code host:port} to give a client instead of the target's. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public Toxic toxic() {
        return toxic;
    }

    /** Forwards everything at once, both ways. Connections a blackhole broke are reset (see {@link #blackhole()}). */
    public FaultProxy pass() {
        return set(PASS);
    }

    /** Delays every chunk, both ways, by {@code delay}; order within a connection is kept. */
    public FaultProxy latency(Duration delay) {
        return set(new Toxic(Toxic.Kind.LATENCY, delay, 1, 0));
    }

    /** Delays about 1 % of client-to-target chunks (for request/response traffic, ~1 request in 100). */
    public FaultProxy p99Latency(Duration delay) {
        return p99Latency(delay, DEFAULT_P99_FRACTION);
    }

    /** Delays {@code fraction} of client-to-target chunks; chunks behind a delayed one wait for it (order is kept). */
    public FaultProxy p99Latency(Duration delay, double fraction) {
        return set(new Toxic(Toxic.Kind.P99_LATENCY, delay, fraction, 0));
    }

    /**
     * Accepts connections and reads from them, but forwards nothing and answers nothing, on new and open
     * connections alike: a peer that hangs without closing. A byte stream with a hole in it cannot carry on
     * (a real network either retransmits or times the connection out), so when the toxic changes, every
     * connection that lost bytes is reset.
     */
    public FaultProxy blackhole() {
        return set(new Toxic(Toxic.Kind.BLACKHOLE, Duration.ZERO, 0, 0));
    }

    /**
     * The connections open now go silent for good (bytes read and dropped both ways, never closed, never
     * reset by a later toxic other than {@link #reset()}); new connections pass. A peer that vanished
     * without a FIN or RST: a failover behind a virtual IP, a lost NAT or conntrack entry, a dead host.
     */
    public FaultProxy strand() {
        return set(new Toxic(Toxic.Kind.STRAND, Duration.ZERO, 0, 0));
    }

    /** Resets open connections now and new ones as they arrive (RST via SO_LINGER 0 where the channel allows). */
    public FaultProxy reset() {
        return set(new Toxic(Toxic.Kind.RESET, Duration.ZERO, 0, 0));
    }

    /** Closes (FIN) each connection once it has carried {@code bytes} bytes, both directions counted together. */
    public FaultProxy closeAfter(long bytes) {
        return set(new Toxic(Toxic.Kind.CLOSE_AFTER, Duration.ZERO, 0, bytes));
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** Connections open now (client side). */
    public int openConnections() {
        return open.get();
    }

    public long bytesToTarget() {
        return bytesToTarget.get();
    }

    public long bytesToClient() {
        return bytesToClient.get();
    }

    /** Bytes read and thrown away (blackhole). */
    public long bytesDropped() {
        return bytesDropped.get();
    }

    /** Chunks a latency toxic held back. */
    public long chunksDelayed() {
        return delayed.get();
    }

    /** Connections the proxy reset. */
    public long resets() {
        return aborted.get();
    }

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fault proxy did not stop: " + e, e);
        }
    }

    private FaultProxy set(Toxic next) {
        this.toxic = next;
        for (Link link : links) {
            link.context.runOnContext(v -> {
                if (next.kind() == Toxic.Kind.STRAND) {
                    link.stranded = true;
                } else if (next.kind() == Toxic.Kind.RESET
                        || (next.kind() != Toxic.Kind.BLACKHOLE && link.damaged && !link.stranded)) {
                    link.abort();
                }
            });
        }
        return this;
    }

    private void accept(NetSocket socket) {
        accepted.incrementAndGet();
        open.incrementAndGet();
        socket.pause();
        Link link = new Link(vertx.getOrCreateContext(), socket);
        links.add(link);
        socket.closeHandler(v -> link.sideClosed(link.up));
        socket.exceptionHandler(e -> link.abort());
        Toxic now = toxic;
        if (now.kind() == Toxic.Kind.RESET) {
            link.abort();
            return;
        }
        if (now.kind() == Toxic.Kind.BLACKHOLE) {
            link.damaged = true; // it never gets a target: when the hole closes, it is reset
            socket.handler(b -> bytesDropped.addAndGet(b.length()));
            socket.resume();
            return;
        }
        client.connect(targetPort, targetHost).onComplete(done -> {
            if (done.failed()) {
                link.abort();
                return;
            }
            link.attach(done.result());
        });
    }

    /** One proxied connection and its two directions. Touched only on {@link #context}. */
    private final class Link {
        final Context context;
        final NetSocket clientSide;
        NetSocket targetSide;
        final Pipe up;
        Pipe down;
        boolean damaged;
        boolean stranded;
        boolean closed;
        long carried;

        Link(Context context, NetSocket clientSide) {
            this.context = context;
            this.clientSide = clientSide;
            this.up = new Pipe(this, true);
        }

        void attach(NetSocket target) {
            if (closed) {
                target.close();
                return;
            }
            targetSide = target;
            down = new Pipe(this, false);
            target.closeHandler(v -> sideClosed(down));
            target.exceptionHandler(e -> abort());
            clientSide.handler(b -> up.offer(b));
            target.handler(b -> down.offer(b));
            clientSide.resume();
        }

        /** One side closed: pass on what is still queued away from it ({@code from}), then close the other. */
        void sideClosed(Pipe from) {
            if (targetSide == null || from.closeWhenDrained()) {
                finish();
            }
        }

        void finish() {
            if (closed) {
                return;
            }
            closed = true;
            links.remove(this);
            open.decrementAndGet();
            clientSide.close();
            if (targetSide != null) {
                targetSide.close();
            }
        }

        void abort() {
            if (closed) {
                return;
            }
            aborted.incrementAndGet();
            rst(clientSide);
            if (targetSide != null) {
                rst(targetSide);
            }
            finish();
        }
    }

    /** One direction of a link: applies the toxic to each chunk and keeps the chunks in order. */
    private final class Pipe {
        private record Held(Buffer chunk, long dueNanos) {
        }

        private final Link link;
        private final boolean upstream;
        private final ArrayDeque<Held> queue = new ArrayDeque<>();
        private long lastDueNanos;
        private boolean timerArmed;
        private boolean closeWhenEmpty;

        Pipe(Link link, boolean upstream) {
            this.link = link;
            this.upstream = upstream;
        }

        void offer(Buffer chunk) {
            if (link.closed) {
                return;
            }
            Toxic t = toxic;
            if (link.stranded && t.kind() != Toxic.Kind.RESET) {
                bytesDropped.addAndGet(chunk.length());
                return;
            }
            switch (t.kind()) {
                case RESET -> {
                    link.abort();
                    return;
                }
                case BLACKHOLE -> {
                    link.damaged = true;
                    bytesDropped.addAndGet(chunk.length());
                    return;
                }
                case CLOSE_AFTER -> {
                    long allowed = t.bytes() - link.carried;
                    if (allowed < chunk.length()) {
                        if (allowed > 0) {
                            schedule(chunk.slice(0, (int) allowed), 0);
                        }
                        closeWhenEmpty = true;
                        drainOrClose();
                        return;
                    }
                }
                default -> {
                }
            }
            long delayNanos = switch (t.kind()) {
                case LATENCY -> t.delay().toNanos();
                case P99_LATENCY -> upstream && ThreadLocalRandom.current().nextDouble() < t.fraction()
                        ? t.delay().toNanos() : 0;
                default -> 0;
            };
            if (delayNanos > 0) {
                delayed.incrementAndGet();
            }
            schedule(chunk, delayNanos);
        }

        /** Returns true when nothing is queued (the caller closes now); else closes once the queue drains. */
        boolean closeWhenDrained() {
            if (queue.isEmpty()) {
                return true;
            }
            closeWhenEmpty = true;
            return false;
        }

        private void schedule(Buffer chunk, long delayNanos) {
            link.carried += chunk.length();
            long due = Math.max(System.nanoTime() + delayNanos, lastDueNanos);
            lastDueNanos = due;
            if (queue.isEmpty() && delayNanos == 0 && due <= System.nanoTime()) {
                write(chunk);
                return;
            }
            queue.addLast(new Held(chunk, due));
            arm();
        }

        private void arm() {
            if (timerArmed || queue.isEmpty()) {
                return;
            }
            timerArmed = true;
            long waitNanos = queue.peekFirst().dueNanos() - System.nanoTime();
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
            vertx.setTimer(waitMillis, id -> { // armed on the link's context, so it fires there
                timerArmed = false;
                drainOrClose();
            });
        }

        private void drainOrClose() {
            long now = System.nanoTime();
            while (!queue.isEmpty() && queue.peekFirst().dueNanos() <= now && !link.closed) {
                write(queue.pollFirst().chunk());
            }
            if (closeWhenEmpty && queue.isEmpty()) {
                link.finish();
            } else {
                arm();
            }
        }

        private void write(Buffer chunk) {
            if (link.closed) {
                return;
            }
            NetSocket sink = upstream ? link.targetSide : link.clientSide;
            NetSocket source = upstream ? link.clientSide : link.targetSide;
            (upstream ? bytesToTarget : bytesToClient).addAndGet(chunk.length());
            sink.write(chunk);
            if (sink.writeQueueFull()) {
                source.pause();
                sink.drainHandler(v -> source.resume());
            }
        }
    }

    /** An abortive close: SO_LINGER 0 makes the kernel send RST instead of FIN. */
    private static void rst(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            Channel channel = internal.channelHandlerContext().channel();
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException notSupported) {
                // fall through to a plain close
            }
            channel.close();
        } else {
            socket.close();
        }
    }
}
