package dev.idgw.gateway;

import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.http.GatewayServer;
import dev.idgw.gateway.http.PlayerApi;
import dev.idgw.gateway.http.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;

/**
 * One player listener on one event loop. The app deploys one per event loop on the same port; Vert.x
 * spreads connections across them, so every core serves requests.
 */
final class PlayerVerticle extends VerticleBase {
    private final AdPodService service;
    private final ServerSettings settings;
    private HttpServer server;

    PlayerVerticle(AdPodService service, ServerSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        return GatewayServer.start(vertx, new PlayerApi(vertx, service, settings).router(), settings)
                .onSuccess(s -> server = s);
    }

    int actualPort() {
        return server.actualPort();
    }
}
