package dev.idgw.gateway;

import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.http.GatewayServer;
import dev.idgw.gateway.http.PlayerApi;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.http.OperatorRoutes;
import dev.idgw.gateway.http.PartnerKeysRoute;
import dev.idgw.gateway.ops.PlayerRequestMeters;
import dev.idgw.gateway.time.Ticker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import dev.idgw.gateway.http.OverloadGuard;
import java.util.concurrent.TimeUnit;

/**
 * One player listener on one event loop. The app deploys one per event loop on the same port; Vert.x
 * spreads connections across them, so every core serves requests.
 */
final class PlayerVerticle extends VerticleBase {
    private final AdPodService service;
    private final ServerSettings settings;
    private final OverloadGuard overload;
    private final OperatorRoutes operator;
    private final PartnerKeysRoute partnerKeys;
    private final PlayerRequestMeters meters;
    private final String listenerName;
    private final Ticker ticker;
    private HttpServer server;

    /**
     * @param listenerName names the listener in Vert.x's HTTP meters ({@code player}, {@code warmup})
     * @param ticker times the event loop's lag (what the overload guard sheds on) and the head deadline
     */
    PlayerVerticle(AdPodService service, ServerSettings settings, OverloadGuard overload, OperatorRoutes operator,
                   PartnerKeysRoute partnerKeys, PlayerRequestMeters meters, String listenerName, Ticker ticker) {
        this.service = service;
        this.settings = settings;
        this.overload = overload;
        this.operator = operator;
        this.partnerKeys = partnerKeys;
        this.meters = meters;
        this.listenerName = listenerName;
        this.ticker = ticker;
    }

    @Override
    public Future<?> start() {
        int slot = overload.register();
        long[] expected = {ticker.nanos() + TimeUnit.MILLISECONDS.toNanos(OverloadGuard.TICK)};
        vertx.setPeriodic(OverloadGuard.TICK, id -> {
            long now = ticker.nanos();
            overload.reportLag(slot, TimeUnit.NANOSECONDS.toMillis(now - expected[0]));
            expected[0] = now + TimeUnit.MILLISECONDS.toNanos(OverloadGuard.TICK);
        });
        PlayerApi api = new PlayerApi(vertx, service, settings, overload, operator, partnerKeys, meters);
        return GatewayServer.start(vertx, api.handler(), settings, listenerName, meters.headTimeouts(), ticker)
                .onSuccess(s -> server = s);
    }

    /** Stops accepting, lets requests in flight finish within the grace period, then closes. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture()
                : server.shutdown(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    int actualPort() {
        return server.actualPort();
    }
}
