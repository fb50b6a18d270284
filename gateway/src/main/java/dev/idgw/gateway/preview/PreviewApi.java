package dev.idgw.gateway.preview;

import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.BearerTokens;
import dev.idgw.gateway.failure.GatewayException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /internal/v1/preview}, mounted on the internal listener: a bearer token with the operator role (401
 * without one, 403 without the role), a body of at most {@code maxBodyBytes}, parsed by
 * {@link PreviewRequestParser}, answered by {@link PreviewService} as {@link PreviewWriter} writes it.
 */
public final class PreviewApi {
    public static final String PATH = "/internal/v1/preview";

    private final Vertx vertx;
    private final PreviewService service;
    private final PreviewRequestParser parser;
    private final BearerTokens tokens;
    private final int maxBodyBytes;

    /** @param maxBodyBytes room for a player's largest request and the envelope around it */
    public PreviewApi(Vertx vertx, PreviewService service, PreviewRequestParser parser, BearerTokens tokens,
                      int maxBodyBytes) {
        this.vertx = vertx;
        this.service = service;
        this.parser = parser;
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Adds the preview route to {@code router} (before its catch-all routes). */
    public void mount(Router router) {
        // This path only: the rest of /internal/ (the console's session) has roles of its own.
        router.route(PATH).handler(ctx -> {
            tokens.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), ApiToken.OPERATOR);
            ctx.put("maxBodyBytes", maxBodyBytes); // for the 413's problem body
            ctx.next();
        });
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        router.post(PATH).handler(this::preview);
        router.route(PATH).handler(ctx -> ctx.fail(GatewayException.methodNotAllowed("use POST")));
    }

    private void preview(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        PreviewRequest request = parser.parse(body == null ? null : body.getBytes());
        service.preview(request, vertx.getOrCreateContext())
                .onSuccess(preview -> ctx.response().setStatusCode(200)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(PreviewWriter.write(preview))))
                .onFailure(ctx::fail);
    }
}
