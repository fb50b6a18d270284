package dev.idgw.gateway.http;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.ops.GatewayMetrics;
import dev.idgw.gateway.ops.Readiness;
import dev.idgw.gateway.ops.ReadinessReport;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health/live}, {@code /health/ready} and {@code /metrics}, mounted on the player listener and
 * the internal one. No token: they hold no identifier. Not behind overload shedding (which guards the
 * ad-pod route only): live answers as long as an event loop turns; ready may say 503, never 500. The
 * scrape walks every meter, so it runs on a worker thread, not on the event loop that serves players.
 */
public final class OperatorRoutes {
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String LIVE_BODY = new JsonObject().put("status", "UP").encode();

    private final GatewayMetrics metrics; // null: mount nothing
    private final Readiness readiness;

    public OperatorRoutes(GatewayMetrics metrics, Readiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /** Mounts nothing (the warm-up listener). */
    public static OperatorRoutes none() {
        return new OperatorRoutes(null, null);
    }

    public void mount(Router router) {
        if (metrics == null) {
            return;
        }
        router.get(LIVE).handler(this::live);
        router.get(READY).handler(this::ready);
        router.get(METRICS).handler(this::metrics);
    }

    private void live(RoutingContext ctx) {
        json(ctx, 200, LIVE_BODY);
    }

    private void ready(RoutingContext ctx) {
        ReadinessReport report = readiness.check();
        json(ctx, report.ready() ? 200 : 503, report.toJson().encode());
    }

    private void metrics(RoutingContext ctx) {
        if (!metrics.enabled()) {
            ctx.fail(GatewayException.notFound("metrics are off (metrics.enabled in gateway.yaml)"));
            return;
        }
        ctx.vertx().executeBlocking(metrics::scrape, false).onComplete((text, failure) -> {
            if (failure != null) {
                ctx.fail(failure);
            } else if (!ctx.response().ended()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(text);
            }
        });
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
    }
}
