package dev.idgw.gateway.http;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.time.Ticker;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code server.headerReadTimeout}: a request head (request line and headers) must be complete within
 * the deadline after its first byte arrived, else the connection gets a 408 problem and is closed. The
 * idle timeout resets on every byte, so without this a head trickled a byte at a time held a connection
 * until the idle timeout; bodies have their own timer ({@code bodyReadTimeout}).
 *
 * <p>The deadline starts at the first read that carries a byte of a head, for the first request of a
 * connection and for every later one on a keep-alive connection alike. A connection that sends nothing
 * (fresh, or between keep-alive requests) is idle, and the idle timeout governs it: answering an unsent
 * request with a 408 would confuse clients that open connections ahead of use. (Pipelined: bytes of a
 * head that came in the same read as the end of the request before it start its clock at the next read;
 * a connection silent from then on is idle too.)
 *
 * <p>It works at Netty's level because Vert.x hands over a request only once its head is complete: one
 * handler in front of the HTTP decoder notices a head's first bytes, one behind it notices the decoded
 * head, the end of the request and the end of each answer. Per read that is a field test; the timer is one
 * per connection at a time, armed when a head starts and, while heads keep arriving in time, re-armed at
 * most once per deadline (it checks the start of the head it finds pending rather than being reset per
 * request). With pipelined requests the 408 waits for the answers the client is still owed, so it never
 * takes the place of one; the bytes of the late head are discarded meanwhile.
 */
final class HeadReadDeadline {
    static final String FIRST_BYTES_HANDLER = "idgwHeadFirstBytes";
    static final String MESSAGES_HANDLER = "idgwHeadMessages";
    private static final String DECODER = "httpDecoder";
    private static final String ENCODER = "httpEncoder";
    private static final byte[] ANSWER = answer();
    private static final Logger LOG = LoggerFactory.getLogger(HeadReadDeadline.class);
    private static final AtomicBoolean MISSING_CODEC_LOGGED = new AtomicBoolean();

    private final long timeoutNanos;
    private final Ticker ticker;
    private final Runnable onTimeout;

    /**
     * @param ticker tells when a head started and whether its deadline passed (the timer that wakes the
     *     check runs on Netty's scheduler)
     * @param onTimeout runs once per connection cut off (the meter), on its event loop
     */
    HeadReadDeadline(Duration timeout, Ticker ticker, Runnable onTimeout) {
        this.timeoutNanos = timeout.toNanos();
        this.ticker = ticker;
        this.onTimeout = onTimeout;
    }

    /**
     * The server's connection handler: puts the two handlers around the HTTP/1.x decoder of a new
     * connection. Leaves any other kind of connection alone (HTTP/2 is off on our listeners).
     */
    void watch(HttpConnection connection) {
        if (!(connection instanceof HttpServerConnection server)) {
            return;
        }
        ChannelPipeline pipeline = server.channelHandlerContext().pipeline();
        if (pipeline.get(DECODER) == null || pipeline.get(ENCODER) == null) {
            // Vert.x named its HTTP/1.x codec differently (an upgrade): say so once rather than run without it.
            if (MISSING_CODEC_LOGGED.compareAndSet(false, true)) {
                LOG.warn("server.headerReadTimeout is not enforced: no '{}'/'{}' handler in the connection's "
                        + "pipeline (Vert.x changed its HTTP codec names?)", DECODER, ENCODER);
            }
            return;
        }
        ConnectionWatch watch = new ConnectionWatch();
        pipeline.addBefore(DECODER, FIRST_BYTES_HANDLER, watch.firstBytes);
        pipeline.addAfter(ENCODER, MESSAGES_HANDLER, watch.messages);
    }

    private static byte[] answer() {
        String body = Problems.json(GatewayException.requestTimeout("request head not received in time")).encode();
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: application/problem+json\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, all, headBytes.length, bodyBytes.length);
        return all;
    }

    /** One connection's state; every method runs on the connection's event loop. */
    private final class ConnectionWatch {
        private static final int BETWEEN_REQUESTS = 0;
        private static final int IN_HEAD = 1;
        private static final int IN_REQUEST = 2;
        private static final int ENDED = 3;

        private int state = BETWEEN_REQUESTS;
        private long headStartNanos;
        private int unanswered; // requests decoded whose answer is not fully written yet (pipelining)
        private boolean owedAnswersFirst;
        private ScheduledFuture<?> timer;
        private ChannelHandlerContext raw; // in front of the decoder: writes from here skip the HTTP encoder

        final ChannelInboundHandlerAdapter firstBytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                raw = ctx;
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (state == BETWEEN_REQUESTS) {
                    headStarted(ctx);
                } else if (state == ENDED) {
                    ReferenceCountUtil.release(msg); // the rest of a late head: it must never become a request
                    return;
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                state = ENDED;
                if (timer != null) {
                    timer.cancel(false);
                    timer = null;
                }
                ctx.fireChannelInactive();
            }
        };

        final ChannelDuplexHandler messages = new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (state != ENDED) {
                    if (msg instanceof HttpRequest) {
                        state = IN_REQUEST;
                        unanswered++;
                    }
                    if (msg instanceof LastHttpContent && state == IN_REQUEST) {
                        state = BETWEEN_REQUESTS;
                    }
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                boolean answerEnds = msg instanceof LastHttpContent
                        && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL);
                ctx.write(msg, promise);
                if (answerEnds && unanswered > 0 && --unanswered == 0 && owedAnswersFirst) {
                    refuse();
                }
            }
        };

        private void headStarted(ChannelHandlerContext ctx) {
            state = IN_HEAD;
            headStartNanos = ticker.nanos();
            if (timer == null) {
                timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }

        /** The timer: cuts off a head pending since the deadline, or waits for the one pending now. */
        private void check() {
            timer = null;
            if (state != IN_HEAD) {
                return; // no head pending: the next head's first bytes arm the timer again
            }
            long left = headStartNanos + timeoutNanos - ticker.nanos();
            if (left > 0) {
                timer = raw.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
                return;
            }
            state = ENDED;
            if (unanswered > 0) {
                owedAnswersFirst = true; // the 408 goes out right after the last answer the client waits for
            } else {
                refuse();
            }
        }

        private void refuse() {
            onTimeout.run();
            raw.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
