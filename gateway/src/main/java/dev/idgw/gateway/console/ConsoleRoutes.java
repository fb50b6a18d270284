package dev.idgw.gateway.console;

import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.BearerTokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.TreeSet;

/**
 * Serves the console's files from the jar at {@code /console/} and answers {@code GET /internal/v1/session}
 * (who a token is and which roles it has, so the console shows the pages the token may use). The files are
 * public (they hold no data); every number on a page comes from an API call that needs the token.
 *
 * <p>Headers: a Content-Security-Policy that allows only the console's own files and calls to this listener
 * (no inline script, no other origin), no framing, no referrer, and no caching of the pages.
 */
public final class ConsoleRoutes {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final BearerTokens tokens;

    public ConsoleRoutes(BearerTokens tokens) {
        this.tokens = tokens;
    }

    public void mount(Router router) {
        // Exactly /console (a plain route would also match /console/ and redirect it to itself).
        router.getWithRegex("/console").handler(ctx -> ctx.redirect("/console/"));
        router.route("/console/*").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Frame-Options", "DENY")
                    .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            ctx.next();
        });
        router.route("/console/*").handler(StaticHandler.create("console").setCachingEnabled(false)
                .setDirectoryListing(false).setIndexPage("index.html"));
        router.get("/internal/v1/session").handler(ctx -> {
            ApiToken token = tokens.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(new JsonObject().put("name", token.name())
                            .put("roles", new JsonArray(new TreeSet<>(token.roles()).stream().toList())).encode());
        });
    }
}
