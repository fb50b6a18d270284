package dev.idgw.gateway;

import dev.idgw.gateway.compliance.ComplianceApi;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.http.GatewayServer;
import dev.idgw.gateway.http.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.function.Function;

/**
 * The compliance listener, deployed as a worker verticle: exports, disclosures and chain verification
 * hash and encode a lot, and on a worker thread they never delay an ad request on an event loop.
 */
final class ComplianceVerticle extends VerticleBase {
    private final Function<io.vertx.core.Vertx, ComplianceApi> api;
    private final ServerSettings server;
    private final ComplianceSettings settings;
    private HttpServer listener;

    ComplianceVerticle(Function<io.vertx.core.Vertx, ComplianceApi> api, ServerSettings server,
                       ComplianceSettings settings) {
        this.api = api;
        this.server = server;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(GatewayServer.options(server).setHost(settings.host()).setPort(settings.port()))
                .requestHandler(api.apply(vertx).router())
                .listen()
                .onSuccess(s -> listener = s);
    }

    int actualPort() {
        return listener.actualPort();
    }
}
