package dev.idgw.gateway.http;

import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.intake.AdPodRequestParser;
import dev.idgw.gateway.ops.OperatorRoutes;
import dev.idgw.gateway.ops.PlayerRequestMeters;
import dev.idgw.gateway.pod.VastPodWriter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The player listener's routes, read top to bottom as the pipeline: request meter → smuggling guard and
 * body-read timer → bounded body → parse → {@link AdPodService} → BidResponse (or VAST) → one failure
 * handler. The operator endpoints (health, metrics) sit beside it, outside the shedding.
 */
public final class PlayerApi {
    public static final String ADPOD_PATH = "/openrtb2/adpod";
    private static final String BODY_TIMER = "bodyTimer";

    private final Vertx vertx;
    private final AdPodService service;
    private final AdPodRequestParser parser;
    private final ServerSettings settings;
    private final OverloadGuard overload;
    private final OperatorRoutes operator;
    private final PlayerRequestMeters meters;

    public PlayerApi(Vertx vertx, AdPodService service, ServerSettings settings, OverloadGuard overload,
                     OperatorRoutes operator, PlayerRequestMeters meters) {
        this.vertx = vertx;
        this.operator = operator;
        this.meters = meters;
        this.service = service;
        this.parser = new AdPodRequestParser(settings.trustedProxies());
        this.settings = settings;
        this.overload = overload;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.route(ADPOD_PATH).handler(meters::observe);
        router.route().handler(this::refuseAmbiguousFraming);
        router.get("/").handler(this::describe);
        operator.mount(router);
        router.post(ADPOD_PATH).handler(this::shedWhenOverloaded);
        router.post(ADPOD_PATH).handler(this::startBodyTimer);
        router.post(ADPOD_PATH).handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        router.post(ADPOD_PATH).handler(this::serveAdPod);
        router.route(ADPOD_PATH).handler(ctx -> ctx.fail(GatewayException.methodNotAllowed("use POST " + ADPOD_PATH)));
        router.route().handler(ctx -> ctx.fail(GatewayException.notFound("no such endpoint")));
        router.route().failureHandler(ctx -> {
            ctx.put("maxBodyBytes", settings.maxBodyBytes());
            Problems.handleFailure(ctx);
        });
        return router;
    }

    /**
     * A request with both Transfer-Encoding and Content-Length is how request smuggling starts
     * (RFC 9112 §6.1); refuse it and close rather than guess which framing a front proxy used.
     */
    private void refuseAmbiguousFraming(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (req.headers().contains(HttpHeaders.TRANSFER_ENCODING) && req.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.fail(GatewayException.badRequest("both Transfer-Encoding and Content-Length: ambiguous framing refused"));
            return;
        }
        if (req.headers().getAll(HttpHeaders.CONTENT_LENGTH).size() > 1) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.fail(GatewayException.badRequest("more than one Content-Length"));
            return;
        }
        ctx.next();
    }

    /** Before reading a byte of the body: a request that cannot be served in time is refused at once. */
    private void shedWhenOverloaded(RoutingContext ctx) {
        if (!overload.admit()) {
            Problems.send(ctx.response(), GatewayException.overloaded());
            return;
        }
        ctx.addEndHandler(v -> overload.done());
        ctx.next();
    }

    /** Idle timeouts reset on every byte, so a trickled body needs a timer of its own. */
    private void startBodyTimer(RoutingContext ctx) {
        long timer = vertx.setTimer(settings.bodyReadTimeout().toMillis(), id -> {
            if (!ctx.response().ended()) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                Problems.send(ctx.response(), GatewayException.requestTimeout("request body not received in time"))
                        .onComplete(done -> ctx.request().connection().close());
            }
        });
        ctx.put(BODY_TIMER, timer);
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
        ctx.next();
    }

    private void serveAdPod(RoutingContext ctx) {
        Long timer = ctx.get(BODY_TIMER);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        HttpServerRequest req = ctx.request();
        boolean vast = wantsVast(req.getHeader(HttpHeaders.ACCEPT));
        var request = parser.parse(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes(),
                req.getHeader("Sec-GPC"), req.remoteAddress() == null ? null : req.remoteAddress().hostAddress(),
                req.getHeader("X-Forwarded-For"));
        service.serve(request, vertx.getOrCreateContext())
                .onSuccess(answer -> respond(ctx, answer, vast))
                .onFailure(ctx::fail);
    }

    private static void respond(RoutingContext ctx, AdPodAnswer answer, boolean vast) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().putHeader("Cache-Control", "no-store");
        if (vast) {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/xml; charset=utf-8")
                    .end(VastPodWriter.write(answer.placements()));
        } else if (!answer.filled()) {
            ctx.response().setStatusCode(204).end();
        } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("x-openrtb-version", "2.6")
                    .end(BidResponseWriter.write(answer));
        }
    }

    static boolean wantsVast(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        boolean xml = a.contains("application/xml") || a.contains("text/xml");
        return xml && !a.contains("application/json");
    }

    private void describe(RoutingContext ctx) {
        JsonObject body = new JsonObject()
                .put("service", "identity-gateway")
                .put("endpoints", new JsonArray().add("POST " + ADPOD_PATH));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

}
