package dev.idgw.gateway.http;

import dev.idgw.gateway.failure.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: an RFC 9457 problem body ({@code application/problem+json})
 * with a status, a type, a title and a detail that names the field but never echoes its value.
 * Anything unexpected is a 500 with a generic body and a log line without request content.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    public static final String TYPE_BASE = "https://identity-gateway.dev/problems/";

    private Problems() {
    }

    /** Paths like /consent/v1/devices/{id} carry identifiers: logs get the route shape only. */
    static String withoutIdentifiers(String path) {
        return path == null ? "" : path.replaceAll("/(devices|subjects|accounts)/[^/]+", "/$1/{id}");
    }

    public static void handleFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        GatewayException problem;
        if (failure != null) {
            problem = problemFor(failure, ctx.request().method().name(), ctx.normalizedPath());
        } else if (ctx.statusCode() == 413) {
            problem = GatewayException.payloadTooLarge(ctx.<Integer>get("maxBodyBytes", 0));
        } else if (ctx.statusCode() == 404) {
            problem = GatewayException.notFound("no such endpoint");
        } else if (ctx.statusCode() == 405) {
            problem = GatewayException.methodNotAllowed("method not allowed here");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            problem = GatewayException.badRequest("the request could not be read");
        } else {
            LOG.error("unexpected failure on {} {}: status {}", ctx.request().method(),
                    withoutIdentifiers(ctx.normalizedPath()), ctx.statusCode());
            problem = GatewayException.internal();
        }
        send(ctx.response(), problem);
    }

    /**
     * The problem to answer for a failure: its own for a {@link GatewayException}, 503 for Redis, else a
     * logged 500 (the log names the method, the route shape and the exception type, never request content).
     */
    public static GatewayException problemFor(Throwable failure, String method, String path) {
        if (failure instanceof GatewayException g) {
            return g;
        }
        if (failure instanceof io.lettuce.core.RedisException) {
            return GatewayException.unavailable();
        }
        LOG.error("unexpected failure on {} {}: {}", method, withoutIdentifiers(path), failure.getClass().getName());
        return GatewayException.internal();
    }

    /** The problem body (RFC 9457): type, title, status, detail. */
    static JsonObject json(GatewayException problem) {
        return new JsonObject()
                .put("type", TYPE_BASE + problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail());
    }

    /** Completes once the problem body is written (or at once when nothing can be written any more). */
    public static Future<Void> send(HttpServerResponse response, GatewayException problem) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            response.reset();
            return Future.succeededFuture();
        }
        JsonObject body = json(problem);
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store");
        if (problem.status() == 503) {
            response.putHeader("Retry-After", "1");
        }
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        if (problem.status() == 413 || problem.status() == 408) {
            response.putHeader("Connection", "close");
        }
        return response.end(body.encode());
    }
}
