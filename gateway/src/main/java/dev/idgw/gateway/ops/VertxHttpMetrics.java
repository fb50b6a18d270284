package dev.idgw.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
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
        return Vertx.builder()
                .with(vertxOptions.setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    private static Match alias(MetricsDomain domain, Label label, String regex, String alias) {
        return new Match().setDomain(domain).setLabel(label.toString()).setType(MatchType.REGEX).setValue(regex)
                .setAlias(alias);
    }
}
