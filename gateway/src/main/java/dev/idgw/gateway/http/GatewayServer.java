package dev.idgw.gateway.http;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/** Starts the player listener with its limits set explicitly. */
public final class GatewayServer {
    private GatewayServer() {
    }

    public static HttpServerOptions options(ServerSettings s) {
        return new HttpServerOptions()
                .setHost(s.host())
                .setPort(s.port())
                .setMaxHeaderSize(s.maxHeaderBytes())
                .setMaxInitialLineLength(s.maxInitialLineBytes())
                .setMaxChunkSize(8192)
                .setMaxFormAttributeSize(1024)
                .setIdleTimeout((int) s.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHttp2ClearTextEnabled(false)
                .setTcpNoDelay(true)
                .setReuseAddress(true);
    }

    /**
     * @param metricsName the listener's name in Vert.x's HTTP meters
     * @param headTimeouts counts the connections cut off by {@code headerReadTimeout}
     * @param ticker times {@code headerReadTimeout}
     */
    public static Future<HttpServer> start(Vertx vertx, Handler<HttpServerRequest> handler, ServerSettings settings,
                                           String metricsName, Runnable headTimeouts, Ticker ticker) {
        return vertx.createHttpServer(options(settings).setMetricsName(metricsName))
                .connectionHandler(headDeadline(settings, headTimeouts, ticker))
                .invalidRequestHandler(GatewayServer::refuseUndecodable)
                .requestHandler(handler)
                .listen();
    }

    /**
     * The connection handler that enforces {@code headerReadTimeout} on every connection of a listener
     * (see {@link HeadReadDeadline}) on {@code ticker}; {@code headTimeouts} runs once per connection cut off.
     */
    public static Handler<HttpConnection> headDeadline(ServerSettings settings, Runnable headTimeouts, Ticker ticker) {
        return new HeadReadDeadline(settings.headerReadTimeout(), ticker, headTimeouts)::watch;
    }

    /**
     * A request Netty could not decode (initial line or headers over the limit, bad framing) never
     * reaches the router; it still gets a problem body, then the connection is closed.
     */
    public static void refuseUndecodable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        GatewayException problem;
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            String message = String.valueOf(cause.getMessage());
            problem = message.contains("header") ? GatewayException.headersTooLarge()
                    : GatewayException.uriTooLong();
        } else {
            problem = GatewayException.badRequest("the request could not be decoded as HTTP/1.1");
        }
        request.response().putHeader("Connection", "close");
        Problems.send(request.response(), problem).onComplete(done -> request.connection().close());
    }
}
