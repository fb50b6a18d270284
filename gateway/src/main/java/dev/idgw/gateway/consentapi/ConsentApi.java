package dev.idgw.gateway.consentapi;

import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.BearerTokens;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.requests.ReceivedAt;
import dev.idgw.keys.KeyedHasher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code /consent/v1/…} routes, mounted on the internal listener beside the compliance API. Every route
 * needs a bearer token with the consent role (401 without one, 403 without the role).
 */
public final class ConsentApi {
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final ConsentService service;
    private final BearerTokens tokens;
    private final Clock clock;

    public ConsentApi(Vertx vertx, ConsentService service, BearerTokens tokens, Clock clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.service = service;
        this.tokens = tokens;
    }

    /** Adds the consent routes to {@code router} (before its catch-all routes). */
    public void mount(Router router) {
        router.route("/consent/*").handler(ctx -> {
            tokens.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), ApiToken.CONSENT);
            ctx.next();
        });
        router.put("/consent/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.put("/consent/v1/devices/:deviceId").handler(this::putDevice);
        router.get("/consent/v1/devices/:deviceId").handler(this::getDevice);
        router.delete("/consent/v1/devices/:deviceId").handler(this::deleteDevice);
        router.put("/consent/v1/accounts/:accountId").handler(this::putAccount);
        router.route("/consent/v1/devices/:deviceId").handler(ctx -> ctx.fail(
                GatewayException.methodNotAllowed("use PUT, GET or DELETE")));
        router.route("/consent/v1/accounts/:accountId").handler(ctx -> ctx.fail(
                GatewayException.methodNotAllowed("use PUT")));
    }

    private void putDevice(RoutingContext ctx) {
        String device = ConsentRequestParser.deviceId(ctx.pathParam("deviceId"));
        ConsentUpdate update = ConsentRequestParser.device(body(ctx));
        service.put(device, update, receivedAt(ctx), vertx.getOrCreateContext()).onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
    }

    private void getDevice(RoutingContext ctx) {
        String device = ConsentRequestParser.deviceId(ctx.pathParam("deviceId"));
        service.get(device, vertx.getOrCreateContext()).onSuccess(view -> json(ctx, 200, view)).onFailure(ctx::fail);
    }

    private void deleteDevice(RoutingContext ctx) {
        String device = ConsentRequestParser.deviceId(ctx.pathParam("deviceId"));
        service.delete(device, receivedAt(ctx), vertx.getOrCreateContext())
                .onSuccess(existed -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void putAccount(RoutingContext ctx) {
        String account = ConsentRequestParser.accountId(ctx.pathParam("accountId"));
        boolean adConsent = ConsentRequestParser.account(body(ctx));
        service.putAccount(account, adConsent, receivedAt(ctx), vertx.getOrCreateContext())
                .onSuccess(result -> json(ctx, 200, result)).onFailure(ctx::fail);
    }

    /** {@code ?receivedAt=}: when the person made the request, if the consent service relays it later. */
    private Optional<Instant> receivedAt(RoutingContext ctx) {
        return ReceivedAt.parse("receivedAt", ctx.queryParams().get("receivedAt"), clock.instant());
    }

    private static byte[] body(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
