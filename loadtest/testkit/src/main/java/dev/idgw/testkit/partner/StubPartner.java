package dev.idgw.testkit.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An OpenRTB 2.6 bidder on 127.0.0.1 for tests, the demo and the load test. It takes a {@code POST} of a BidRequest
 * on any path, records exactly what arrived, and answers as its current {@link StubBehavior} says, which can be
 * swapped while it runs. Delayed answers are sent by a timer, so slow partners cost no thread while they wait.
 *
 * <p>Loading this class sets {@code sun.net.httpserver.nodelay=true} (unless already set), which every JDK
 * {@code HttpServer} in the JVM then shares; see the note where it is set.
 */
public final class StubPartner implements AutoCloseable {

    /** The path {@link #endpoint()} names; any other path is served the same way. */
    public static final String ENDPOINT_PATH = "/bid";

    private static final byte[] BAD_REQUEST_BODY =
            "{\"error\":\"body is not a JSON BidRequest\"}".getBytes(StandardCharsets.UTF_8);
    private static final int BACKLOG = 1024;
    private static final Duration HANDLER_SHUTDOWN_GRACE = Duration.ofMillis(500);
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server flushes headers and body as two writes; with Nagle on, the body waits for the client's
        // delayed ACK, adding ~40 ms to every answer (measured: 45 ms vs 1 ms a request). The JDK reads this
        // property once, when its first server starts, so set it before that unless someone chose otherwise.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final String name;
    private final Options options;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final StubBidder bidder;
    private final ReceivedLog log;
    /** Exchanges waiting for a delayed answer or hanging; closed by {@link #close()} so no client waits forever. */
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong onReceiveFailures = new AtomicLong();
    private volatile StubBehavior behavior;
    private volatile boolean closed;

    private StubPartner(String name, StubBehavior behavior, Options options, HttpServer server) {
        this.name = name;
        this.behavior = behavior;
        this.options = options;
        this.server = server;
        this.handlers = Executors.newFixedThreadPool(options.handlerThreads(), threads(name + "-handler"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads(name + "-timer"));
        this.bidder = new StubBidder(name);
        this.log = new ReceivedLog(options.maxRecorded());
    }

    /** Starts a stub with the default {@link Options}; port 0 picks a free port. */
    public static StubPartner start(String name, int port, StubBehavior behavior) throws IOException {
        return start(name, port, behavior, Options.defaults());
    }

    /** Starts a stub on 127.0.0.1; port 0 picks a free port. */
    public static StubPartner start(String name, int port, StubBehavior behavior, Options options)
            throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a stub needs a name");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(options, "options");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        StubPartner stub = new StubPartner(name, behavior, options, server);
        server.createContext("/", stub::handle);
        server.setExecutor(stub.handlers);
        server.start();
        return stub;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where to send bid requests, e.g. {@code http://127.0.0.1:41234/bid}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port() + ENDPOINT_PATH);
    }

    public StubBehavior behavior() {
        return behavior;
    }

    /** Changes how the stub answers, from the next request on. */
    public void behave(StubBehavior next) {
        this.behavior = Objects.requireNonNull(next, "behavior");
    }

    /** The most recent requests (at most {@link Options#maxRecorded()}), oldest first; an immutable snapshot. */
    public List<ReceivedRequest> received() {
        return log.snapshot();
    }

    /** How many requests arrived since start or {@link #clearReceived()}, including those no longer kept. */
    public long receivedCount() {
        return log.count();
    }

    public void clearReceived() {
        log.clear();
    }

    /** How many times the {@link Options#onReceive()} hook threw; a throwing hook never changes the answer. */
    public long onReceiveFailures() {
        return onReceiveFailures.get();
    }

    /** Stops listening, drops open connections (hanging ones included) and stops the threads; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // stop(0) closes every connection at once; a grace period would only wait for exchanges we hold open.
        server.stop(0);
        held.forEach(this::release);
        timer.shutdownNow();
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(HANDLER_SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                sendEmpty(exchange, 405);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            record(new ReceivedRequest(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body,
                    options.clock().instant(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())));
            JsonNode request;
            try {
                request = StubBidder.parseRequest(body);
            } catch (IOException notABidRequest) {
                sendJson(exchange, 400, BAD_REQUEST_BODY);
                return;
            }
            answerLater(exchange, request, behavior);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void record(ReceivedRequest request) {
        log.add(request);
        try {
            options.onReceive().accept(request);
        } catch (RuntimeException e) {
            onReceiveFailures.incrementAndGet();
        }
    }

    private void answerLater(HttpExchange exchange, JsonNode request, StubBehavior current) throws IOException {
        if (current.failure() == StubFailure.HANG) {
            hold(exchange);
            return;
        }
        Duration delay = current.latencyFor(ThreadLocalRandom.current().nextDouble());
        if (delay.isZero()) {
            answer(exchange, request, current);
            return;
        }
        hold(exchange);
        Runnable answerOnHandlerThread = () -> {
            if (held.remove(exchange)) {
                try {
                    answer(exchange, request, current);
                } catch (IOException | RuntimeException e) {
                    exchange.close();
                }
            }
        };
        try {
            // The timer only hands over: writing a large body on the timer thread would delay every other answer.
            timer.schedule(() -> runOrRelease(exchange, answerOnHandlerThread), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            release(exchange);
        }
    }

    private void runOrRelease(HttpExchange exchange, Runnable task) {
        try {
            handlers.execute(task);
        } catch (RejectedExecutionException stopping) {
            release(exchange);
        }
    }

    private void answer(HttpExchange exchange, JsonNode request, StubBehavior current) throws IOException {
        switch (current.failure()) {
            case NONE -> {
                ObjectNode response = bidder.bidResponse(request, current);
                if (StubBidder.hasBids(response)) {
                    sendJson(exchange, 200, StubBidder.toBytes(response));
                } else {
                    sendEmpty(exchange, 204);
                }
            }
            case NO_BID -> sendEmpty(exchange, 204);
            case HTTP_500 -> sendJson(exchange, 500, StubBidder.SERVER_ERROR_BODY);
            case GARBAGE -> sendJson(exchange, 200, StubBidder.GARBAGE_BODY);
            case WRONG_SHAPE -> sendJson(exchange, 200, StubBidder.WRONG_SHAPE_BODY);
            case OVERSIZE -> sendJson(exchange, 200, bidder.oversizeResponse(request, current));
            // Closing before any header is sent makes the JDK server drop the connection: no status line at all.
            case RESET -> exchange.close();
            case HANG -> hold(exchange);
        }
    }

    private void hold(HttpExchange exchange) {
        held.add(exchange);
        if (closed) {
            release(exchange);
        }
    }

    private void release(HttpExchange exchange) {
        held.remove(exchange);
        try {
            exchange.close();
        } catch (RuntimeException alreadyGone) {
            // The server has closed the connection already; nothing is left to release.
        }
    }

    private static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        // -1 means "no body"; 0 would mean chunked.
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "stub-" + prefix + "-" + counter.incrementAndGet());
            // Daemon, so a test that forgets close() cannot keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * How a stub is run, as opposed to how it answers.
     *
     * @param maxRecorded    how many received requests to keep; older ones are dropped but still counted
     * @param onReceive      called on each request as it arrives, before the answer (e.g. a load test's payload check)
     * @param clock          stamps {@link ReceivedRequest#receivedAt()}
     * @param handlerThreads threads serving requests; delayed answers hold none of them while they wait
     */
    public record Options(int maxRecorded, Consumer<ReceivedRequest> onReceive, Clock clock, int handlerThreads) {

        public static final int DEFAULT_MAX_RECORDED = 100_000;
        public static final int DEFAULT_HANDLER_THREADS = 32;

        public Options {
            Objects.requireNonNull(onReceive, "onReceive");
            Objects.requireNonNull(clock, "clock");
            if (maxRecorded < 0) {
                throw new IllegalArgumentException("maxRecorded must not be negative: " + maxRecorded);
            }
            if (handlerThreads < 1) {
                throw new IllegalArgumentException("handlerThreads must be at least 1: " + handlerThreads);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_RECORDED, request -> { }, Clock.systemUTC(), DEFAULT_HANDLER_THREADS);
        }

        public Options withMaxRecorded(int value) {
            return new Options(value, onReceive, clock, handlerThreads);
        }

        public Options withOnReceive(Consumer<ReceivedRequest> value) {
            return new Options(maxRecorded, value, clock, handlerThreads);
        }

        public Options withClock(Clock value) {
            return new Options(maxRecorded, onReceive, value, handlerThreads);
        }

        public Options withHandlerThreads(int value) {
            return new Options(maxRecorded, onReceive, clock, value);
        }
    }
}
