package dev.idgw.gateway.fanout;

import dev.idgw.partners.ContextualTemplate;
import dev.idgw.partners.PartnerProfile;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Calls partners: one shared WebClient with pooled keep-alive connections, redirects off (a partner
 * must not be able to bounce identity to another host), a short connect timeout, a per-call timeout
 * from the deadline, and a bounded response body. Every way a call can go wrong comes back as a
 * {@link PartnerOutcome.Failed}; the returned future never fails.
 */
public final class PartnerClient implements AutoCloseable {
    private static final int MIN_CALL_MILLIS = 5;

    private final WebClient client;
    private final FanOutSettings settings;

    public PartnerClient(Vertx vertx, FanOutSettings settings) {
        this.settings = settings;
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setIdleTimeout(30)
                .setDecompressionSupported(false)
                .setUserAgentEnabled(true)
                .setUserAgent("identity-gateway/0.1")
                .setMetricsName("partners"); // Vert.x HTTP client meters: client_name, never the partner's address
        this.client = WebClient.create(vertx, options,
                new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerPartner()).setMaxWaitQueueSize(1024));
    }

    public Future<PartnerOutcome> call(PartnerProfile partner, Buffer payload, String outboundRequestId,
                                       ContextualTemplate template, Duration budget) {
        long millis = Math.min(partner.timeout().toMillis(), budget.toMillis());
        if (millis < MIN_CALL_MILLIS) {
            return Future.succeededFuture(new PartnerOutcome.Failed(partner.id(), PartnerOutcome.FailureKind.SKIPPED_NO_TIME));
        }
        var uri = partner.endpoint();
        boolean tls = "https".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return client.request(HttpMethod.POST, port, uri.getHost(), path)
                .ssl(tls)
                .timeout(millis)
                .putHeader("Content-Type", "application/json")
                .putHeader("x-openrtb-version", "2.6")
                .as(new BoundedBodyCodec(settings.maxResponseBytes()))
                .sendBuffer(payload)
                .map(response -> outcome(partner.id(), response.statusCode(), response.body(), outboundRequestId, template))
                .otherwise(error -> new PartnerOutcome.Failed(partner.id(), kindOf(error)));
    }

    private static PartnerOutcome outcome(String partnerId, int status, Buffer body, String outboundRequestId,
                                          ContextualTemplate template) {
        if (status == 204) {
            return new PartnerOutcome.NoBid(partnerId);
        }
        if (status != 200) {
            return new PartnerOutcome.Failed(partnerId, PartnerOutcome.FailureKind.HTTP_STATUS);
        }
        if (body == null || body.length() == 0) {
            return new PartnerOutcome.NoBid(partnerId);
        }
        try {
            return BidResponseReader.read(partnerId, body.getBytes(), outboundRequestId, template);
        } catch (BidResponseReader.Garbage e) {
            return new PartnerOutcome.Failed(partnerId, PartnerOutcome.FailureKind.GARBAGE);
        }
    }

    private static PartnerOutcome.FailureKind kindOf(Throwable error) {
        if (error instanceof BoundedBodyCodec.TooLarge) {
            return PartnerOutcome.FailureKind.OVERSIZE;
        }
        if (error instanceof TimeoutException || error instanceof io.netty.handler.timeout.TimeoutException
                || error.getClass().getSimpleName().contains("Timeout")) {
            return error instanceof ConnectTimeoutException ? PartnerOutcome.FailureKind.CONNECT
                    : PartnerOutcome.FailureKind.TIMEOUT;
        }
        if (error instanceof ConnectException) {
            return PartnerOutcome.FailureKind.CONNECT;
        }
        return PartnerOutcome.FailureKind.IO;
    }

    @Override
    public void close() {
        client.close();
    }
}
