package dev.idgw.gateway.http;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.ops.PlayerRequestMeters;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The player listener: ad requests ({@code POST /openrtb2/adpod}) go straight to {@link AdPodRoute};
 * everything else (the service description, the operator endpoints, the partner-request keys, 404 and
 * 405) through a vertx-web router with one failure handler. The operator endpoints and the keys sit
 * outside the shedding.
 */
public final class PlayerApi {
    public static final String ADPOD_PATH = "/openrtb2/adpod";

    private final Vertx vertx;
    private final AdPodRoute adPod;
    private final OperatorRoutes operator;
    private final PartnerKeysRoute partnerKeys;
    private final PlayerRequestMeters meters;

    public PlayerApi(Vertx vertx, AdPodService service, ServerSettings settings, OverloadGuard overload,
                     OperatorRoutes operator, PartnerKeysRoute partnerKeys, PlayerRequestMeters meters) {
        this.vertx = vertx;
        this.operator = operator;
        this.partnerKeys = partnerKeys;
        this.meters = meters;
        this.adPod = new AdPodRoute(vertx, service, settings, overload, meters);
    }

    /** The listener's request handler. */
    public Handler<HttpServerRequest> handler() {
        Router router = router();
        return req -> {
            if (req.method() == HttpMethod.POST && ADPOD_PATH.equals(req.path())) {
                adPod.handle(req);
            } else {
                router.handle(req);
            }
        };
    }

    private Router router() {
        Router router = Router.router(vertx);
        // Ad requests the exact-path test above did not take (a trailing slash): the same route.
        router.post(ADPOD_PATH).handler(ctx -> adPod.handle(ctx.request()));
        router.route(ADPOD_PATH).handler(meters::observe);
        router.route().handler(PlayerApi::refuseAmbiguousFraming);
        router.get("/").handler(this::describe);
        operator.mount(router);
        partnerKeys.mount(router);
        router.route(ADPOD_PATH).handler(ctx -> ctx.fail(GatewayException.methodNotAllowed("use POST " + ADPOD_PATH)));
        router.route().handler(ctx -> ctx.fail(GatewayException.notFound("no such endpoint")));
        router.route().failureHandler(Problems::handleFailure);
        return router;
    }

    /**
     * A request with both Transfer-Encoding and Content-Length is how request smuggling starts
     * (RFC 9112 §6.1); refuse it and close rather than guess which framing a front proxy used.
     */
    private static void refuseAmbiguousFraming(RoutingContext ctx) {
        GatewayException framing = ambiguousFraming(ctx.request());
        if (framing != null) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.fail(framing);
            return;
        }
        ctx.next();
    }

    /** The problem with the request's framing, or null when it is unambiguous. */
    static GatewayException ambiguousFraming(HttpServerRequest req) {
        if (req.headers().contains(HttpHeaders.TRANSFER_ENCODING) && req.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            return GatewayException.badRequest("both Transfer-Encoding and Content-Length: ambiguous framing refused");
        }
        if (req.headers().getAll(HttpHeaders.CONTENT_LENGTH).size() > 1) {
            return GatewayException.badRequest("more than one Content-Length");
        }
        return null;
    }

    private void describe(RoutingContext ctx) {
        JsonObject body = new JsonObject()
                .put("service", "identity-gateway")
                .put("endpoints", new JsonArray().add("POST " + ADPOD_PATH));
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }
}
