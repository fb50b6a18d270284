package dev.idgw.gateway.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.UUID;

/**
 * Vert.x's own HTTP meters (vertx-micrometer-metrics) on the gateway's registry, with only bounded,
 * non-identifying labels: the method (anything non-standard becomes {@code OTHER}: Vert.x accepts any
 * token as a method), the status code (a partner's reduced to its class, {@code 2xx}), and the listener
 * or client name. Never the path (it holds device IDs on the consent API), the remote address (a
 * viewer's IP) or the local one. Every other Vert.x domain (TCP, event bus, pools, verticles) is off.
 *
 * <p>Mind: Vert.x drops every tag named like one of its labels that is not enabled ({@code local},
 * {@code remote}, {@code path}, {@code route}, {@code class}, {@code address}, {@code side}, {@code
 * failure}, {@code pool_type}, …) from every meter of the registry, ours too; our own meters use other
 * tag names ({@code partner}, {@code outcome}, {@code reason}, {@code field}, {@code link}).
 *
 * <p>Vert.x's "active" gauges (connections, requests, WebSockets in progress) are not registered at all:
 * vertx-micrometer-metrics registers each of them anew on every connection and every request, relying on the
 * registry to hand back the existing gauge (vert-x3/vertx-micrometer-metrics#259), which Micrometer reports as
 * a double registration ("This Gauge has been already registered", a WARN at the first connection after
 * start). What they counted is still there: requests in progress on the player listener are
 * {@code idgw_player_in_flight}, calls to partners the request counters and timers.
 */
final class VertxHttpMetrics {
    private static final String STANDARD_METHOD = "GET|HEAD|POST|PUT|DELETE|OPTIONS|PATCH";

    private VertxHttpMetrics() {
    }

    static Vertx vertx(MeterRegistry registry, VertxOptions vertxOptions) {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions()
                .setEnabled(true)
                // Vert.x keeps registries in a JVM-wide map by this name: a name of its own per gateway.
                .setRegistryName("idgw-" + UUID.randomUUID())
                .setJvmMetricsEnabled(false) // bound by GatewayMetrics, once
                .setNettyMetricsEnabled(false)
                .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.SERVER_NAME, Label.CLIENT_NAME));
        for (MetricsDomain domain : MetricsDomain.values()) {
            if (domain != MetricsDomain.HTTP_SERVER && domain != MetricsDomain.HTTP_CLIENT) {
                options.addDisabledMetricsCategory(domain);
            }
        }
        for (MetricsDomain domain : new MetricsDomain[] {MetricsDomain.HTTP_SERVER, MetricsDomain.HTTP_CLIENT}) {
            options.addLabelMatch(alias(domain, Label.HTTP_METHOD, "(?!(" + STANDARD_METHOD + ")$).*", "OTHER"));
        }
        // Our own listeners answer a fixed set of codes; partners may answer anything.
        for (int c = 1; c <= 5; c++) {
            options.addLabelMatch(alias(MetricsDomain.HTTP_CLIENT, Label.HTTP_CODE, c + "\\d\\d", c + "xx"));
        }
        options.addLabelMatch(alias(MetricsDomain.HTTP_CLIENT, Label.HTTP_CODE, "(?![1-5]xx$).*", "other"));
        registry.config().meterFilter(MeterFilter.deny(VertxHttpMetrics::registeredPerConnectionOrRequest));
        return Vertx.builder()
                .with(vertxOptions.setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /** {@code vertx.http.server.active.connections}, {@code …active.requests}, {@code …active.ws.connections}, client too. */
    static boolean registeredPerConnectionOrRequest(Meter.Id id) {
        return id.getType() == Meter.Type.GAUGE && id.getName().startsWith("vertx.") && id.getName().contains(".active.");
    }

    private static Match alias(MetricsDomain domain, Label label, String regex, String alias) {
        return new Match().setDomain(domain).setLabel(label.toString()).setType(MatchType.REGEX).setValue(regex)
                .setAlias(alias);
    }
}
