package dev.idgw.testkit.fault;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 (port 0) in front of one target (Redis, a stub partner) whose {@link ProxyMode}
 * can be switched from any thread while connections are open. It stands in for toxiproxy, which this
 * machine lacks. It runs on a Vert.x instance of its own with one event loop, so it never shares a loop
 * with the gateway, the generator or the stubs it sits between.
 *
 * <p>Each connection lives on the event loop that accepted it: both sockets, the delay queues and the
 * per-connection state are touched only there. Switching modes is a volatile write plus, for modes that
 * act on open connections (reset, close, strand, healing a blackhole), a task run on each connection's
 * context.
 */
public final class TcpFaultProxy implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final long WAIT_SECONDS = 10;

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
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong closes = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private volatile ProxyMode mode = ProxyMode.PASS;

    private TcpFaultProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis()));
    }

    /** Starts forwarding to {@code targetHost:targetPort} in {@link ProxyMode#PASS}; returns once it listens. */
    public static TcpFaultProxy start(String targetHost, int targetPort) {
        var proxy = new TcpFaultProxy(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)), targetHost, targetPort);
        proxy.server.connectHandler(proxy::accept);
        try {
            proxy.server.listen().await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception failed) {
            proxy.close();
            throw new IllegalStateException("fault proxy did not listen: " + failed.getMessage(), failed);
        }
        return proxy;
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code 127.0.0.1:port}, to give a client instead of the target's address. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public ProxyMode mode() {
        return mode;
    }

    /** Switches the mode; open connections feel it at once (see {@link ProxyMode} for each mode's effect). */
    public TcpFaultProxy set(ProxyMode next) {
        mode = next;
        for (Link link : links) {
            link.context.runOnContext(ignored -> link.modeChanged(next));
        }
        return this;
    }

    /** {@link ProxyMode.Pass}. */
    public TcpFaultProxy pass() {
        return set(ProxyMode.PASS);
    }

    /** {@link ProxyMode.Latency}: every chunk, both ways. */
    public TcpFaultProxy latency(Duration delay) {
        return set(new ProxyMode.Latency(delay));
    }

    /** {@link ProxyMode.TailLatency} at {@link ProxyMode.TailLatency#DEFAULT_P99_FRACTION}. */
    public TcpFaultProxy p99Latency(Duration delay) {
        return p99Latency(delay, ProxyMode.TailLatency.DEFAULT_P99_FRACTION);
    }

    /** {@link ProxyMode.TailLatency}: {@code fraction} of the client-to-target chunks. */
    public TcpFaultProxy p99Latency(Duration delay, double fraction) {
        return set(new ProxyMode.TailLatency(delay, fraction));
    }

    /** {@link ProxyMode.Blackhole}. */
    public TcpFaultProxy blackhole() {
        return set(ProxyMode.BLACKHOLE);
    }

    /** {@link ProxyMode.Strand}. */
    public TcpFaultProxy strand() {
        return set(ProxyMode.STRAND);
    }

    /** {@link ProxyMode.Reset}. */
    public TcpFaultProxy reset() {
        return set(ProxyMode.RESET);
    }

    /** {@link ProxyMode.Close}: FIN to open and new connections (not to be confused with {@link #close()}). */
    public TcpFaultProxy hangUp() {
        return set(ProxyMode.CLOSE);
    }

    /** {@link ProxyMode.CloseAfter}. */
    public TcpFaultProxy closeAfter(long bytes) {
        return set(new ProxyMode.CloseAfter(bytes));
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

    /** Bytes read and thrown away (blackhole, stranded connections). */
    public long bytesDropped() {
        return bytesDropped.get();
    }

    /** Connections the proxy ended with RST. */
    public long resets() {
        return resets.get();
    }

    /** Connections the proxy ended with FIN ({@link ProxyMode.Close}, {@link ProxyMode.CloseAfter}). */
    public long closes() {
        return closes.get();
    }

    /** Chunks a latency mode held back. */
    public long chunksDelayed() {
        return delayed.get();
    }

    /** The counters, for a report. */
    public JsonObject countersJson() {
        return new JsonObject()
                .put("connections_accepted", connectionsAccepted())
                .put("connections_reset", resets())
                .put("connections_closed", closes())
                .put("bytes_dropped", bytesDropped())
                .put("chunks_delayed", chunksDelayed());
    }

    /** Stops listening and drops every connection; best effort, bounded: whoever calls it is done with it. */
    @Override
    public void close() {
        try {
            vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // its threads are daemons and its port is a throwaway: nothing left to do about it
        }
    }

    private void accept(NetSocket socket) {
        accepted.incrementAndGet();
        open.incrementAndGet();
        socket.pause();
        var link = new Link(vertx.getOrCreateContext(), socket);
        links.add(link);
        socket.closeHandler(ignored -> link.sideClosed(link.up));
        socket.exceptionHandler(ignored -> link.abort());
        ProxyMode now = mode;
        if (now instanceof ProxyMode.Reset) {
            link.abort();
        } else if (now instanceof ProxyMode.Close) {
            link.hangUp();
        } else if (now instanceof ProxyMode.Blackhole) {
            link.damaged = true; // it never gets a target: when the hole closes, it is reset
            socket.handler(chunk -> bytesDropped.addAndGet(chunk.length()));
            socket.resume();
        } else {
            client.connect(targetPort, targetHost).onComplete(done -> {
                if (done.succeeded()) {
                    link.attach(done.result());
                } else {
                    link.abort();
                }
            });
        }
    }

    /** One proxied connection. Touched only on {@link #context}. */
    private final class Link {
        final Context context;
        final NetSocket clientSide;
        final Pipe up;
        NetSocket targetSide;
        Pipe down;
        /** Lost bytes to a blackhole: reset when the hole closes. */
        boolean damaged;
        /** Went silent under {@link ProxyMode.Strand}: drops everything from then on, until a reset. */
        boolean stranded;
        boolean closed;
        /** Bytes carried both ways, for {@link ProxyMode.CloseAfter}. */
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
            target.closeHandler(ignored -> sideClosed(down));
            target.exceptionHandler(ignored -> abort());
            clientSide.handler(up::offer);
            target.handler(down::offer);
            clientSide.resume();
        }

        void modeChanged(ProxyMode next) {
            if (next instanceof ProxyMode.Strand) {
                stranded = true;
            } else if (next instanceof ProxyMode.Reset) {
                abort();
            } else if (stranded) {
                return; // nothing but a reset ends a stranded connection
            } else if (next instanceof ProxyMode.Close) {
                hangUp();
            } else if (!(next instanceof ProxyMode.Blackhole) && damaged) {
                abort();
            }
        }

        /** One side closed: pass on what is still queued away from it, then close the other. */
        void sideClosed(Pipe from) {
            if (targetSide == null || from.closeWhenDrained()) {
                finish();
            }
        }

        void hangUp() {
            if (!closed) {
                closes.incrementAndGet();
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
            resets.incrementAndGet();
            rst(clientSide);
            if (targetSide != null) {
                rst(targetSide);
            }
            finish();
        }
    }

    /** One direction of a link: applies the mode to each chunk and keeps the chunks in order. */
    private final class Pipe {
        private record Held(Buffer chunk, long dueNanos) {
        }

        private final Link link;
        private final boolean upstream;
        private final ArrayDeque<Held> queue = new ArrayDeque<>();
        private long lastDueNanos;
        private boolean timerArmed;
        private boolean closeWhenEmpty;
        /** The {@link ProxyMode.CloseAfter} limit was reached: the close that follows is the proxy's own. */
        private boolean limitReached;

        Pipe(Link link, boolean upstream) {
            this.link = link;
            this.upstream = upstream;
        }

        void offer(Buffer chunk) {
            if (link.closed) {
                return;
            }
            ProxyMode now = mode;
            if (now instanceof ProxyMode.Reset) {
                link.abort();
            } else if (link.stranded) {
                bytesDropped.addAndGet(chunk.length());
            } else if (now instanceof ProxyMode.Close) {
                link.hangUp();
            } else if (now instanceof ProxyMode.Blackhole) {
                link.damaged = true;
                bytesDropped.addAndGet(chunk.length());
            } else if (now instanceof ProxyMode.CloseAfter limit && limit.bytes() - link.carried < chunk.length()) {
                long allowed = limit.bytes() - link.carried;
                if (allowed > 0) {
                    schedule(chunk.slice(0, (int) allowed), 0);
                }
                closeWhenEmpty = true;
                limitReached = true;
                drainOrClose();
            } else {
                long delayNanos = delayNanos(now);
                if (delayNanos > 0) {
                    delayed.incrementAndGet();
                }
                schedule(chunk, delayNanos);
            }
        }

        private long delayNanos(ProxyMode now) {
            if (now instanceof ProxyMode.Latency latency) {
                return latency.delay().toNanos();
            }
            if (now instanceof ProxyMode.TailLatency tail && upstream
                    && ThreadLocalRandom.current().nextDouble() < tail.fraction()) {
                return tail.delay().toNanos();
            }
            return 0;
        }

        /** True when nothing is queued (the caller closes now); else closes once the queue drains. */
        boolean closeWhenDrained() {
            if (queue.isEmpty()) {
                return true;
            }
            closeWhenEmpty = true;
            return false;
        }

        private void schedule(Buffer chunk, long delayNanos) {
            link.carried += chunk.length();
            long now = System.nanoTime();
            long due = Math.max(now + delayNanos, lastDueNanos);
            lastDueNanos = due;
            if (queue.isEmpty() && due <= now) {
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
            long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(queue.peekFirst().dueNanos() - System.nanoTime()));
            vertx.setTimer(waitMillis, id -> { // set on the link's context, so it fires there
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
                if (limitReached) {
                    link.hangUp();
                } else {
                    link.finish();
                }
            } else if (!link.closed) {
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
                sink.drainHandler(ignored -> source.resume());
            }
        }
    }

    /** An abortive close: with SO_LINGER 0 the kernel sends RST instead of FIN. */
    private static void rst(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            Channel channel = internal.channelHandlerContext().channel();
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException notSupported) {
                // a plain close below
            }
            channel.close();
        } else {
            socket.close();
        }
    }
}
