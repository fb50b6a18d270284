package dev.idgw.gateway.http;

import dev.idgw.gateway.signing.PublishedPartnerKeys;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /.well-known/idgw-partner-keys.json} on the player listener: the public keys partners check
 * signed requests with, as a JWKS ({@code application/jwk-set+json}), cacheable for {@code
 * partnerSigning.jwksMaxAge}. No token: public keys, and partners must be able to fetch them from where
 * they reach us. Not behind overload shedding, like the operator routes: a partner refreshing its keys
 * during a burst must not be told to go away.
 */
public final class PartnerKeysRoute {
    private final PublishedPartnerKeys keys; // null: mount nothing

    public PartnerKeysRoute(PublishedPartnerKeys keys) {
        this.keys = keys;
    }

    /** Mounts nothing (the warm-up listener). */
    public static PartnerKeysRoute none() {
        return new PartnerKeysRoute(null);
    }

    public void mount(Router router) {
        if (keys != null) {
            router.get(PublishedPartnerKeys.PATH).handler(this::serve);
        }
    }

    private void serve(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, PublishedPartnerKeys.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, keys.cacheControl())
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(keys.jwks());
    }
}
