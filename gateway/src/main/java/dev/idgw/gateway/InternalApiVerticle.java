package dev.idgw.gateway;

import dev.idgw.gateway.compliance.ComplianceApi;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.console.ConsoleRoutes;
import dev.idgw.gateway.consentapi.ConsentApi;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.http.GatewayServer;
import dev.idgw.gateway.http.Problems;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.http.OperatorRoutes;
import dev.idgw.gateway.preview.PreviewApi;
import dev.idgw.gateway.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpServer;

/**
 * The internal listener (compliance and consent APIs, the console, the operator's preview; never the player
 * port), deployed as a worker verticle: exports, disclosures and chain verification hash and encode a lot, and on
 * a worker thread they never delay an ad request on an event loop.
 */
final class InternalApiVerticle extends VerticleBase {
    private final ComplianceApi compliance;
    private final ConsentApi consent;
    private final PreviewApi preview;
    private final ConsoleRoutes console;
    private final ServerSettings server;
    private final ComplianceSettings settings;
    private final OperatorRoutes operator;
    private final Runnable headTimeouts;
    private final Ticker ticker;
    private HttpServer listener;

    /**
     * @param headTimeouts counts the connections cut off by {@code server.headerReadTimeout}
     * @param ticker times {@code server.headerReadTimeout}
     */
    InternalApiVerticle(ComplianceApi compliance, ConsentApi consent, ConsoleRoutes console, PreviewApi preview,
                        ServerSettings server, ComplianceSettings settings, OperatorRoutes operator,
                        Runnable headTimeouts, Ticker ticker) {
        this.console = console;
        this.compliance = compliance;
        this.consent = consent;
        this.preview = preview;
        this.server = server;
        this.settings = settings;
        this.operator = operator;
        this.headTimeouts = headTimeouts;
        this.ticker = ticker;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        compliance.mount(router);
        consent.mount(router);
        console.mount(router);
        preview.mount(router);
        operator.mount(router);
        router.route().handler(ctx -> ctx.fail(GatewayException.notFound("no such endpoint")));
        router.route().failureHandler(ctx -> {
            if (ctx.get("maxBodyBytes") == null) { // the preview's limit is larger, and set by its route
                ctx.put("maxBodyBytes", ConsentApi.MAX_BODY_BYTES);
            }
            Problems.handleFailure(ctx);
        });
        return vertx.createHttpServer(GatewayServer.options(server).setHost(settings.host()).setPort(settings.port())
                        .setMetricsName("internal"))
                .connectionHandler(GatewayServer.headDeadline(server, headTimeouts, ticker))
                .invalidRequestHandler(GatewayServer::refuseUndecodable)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> listener = s);
    }

    int actualPort() {
        return listener.actualPort();
    }
}
