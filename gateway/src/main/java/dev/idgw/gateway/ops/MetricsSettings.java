package dev.idgw.gateway.ops;

/**
 * The {@code metrics:} section of gateway.yaml.
 *
 * @param enabled off: every meter is a no-op (nothing is counted or timed) and {@code /metrics} answers
 *     404; the health endpoints are served either way
 * @param vertx also Vert.x's own HTTP server and client meters (requests, response times, connections) on
 *     the same registry, labelled only by method, status code and listener or client name; ignored while
 *     {@code enabled} is off. Off by default: they resolve their meters per request (tags built, label
 *     regexes matched, registry looked up: about 8 % of the gateway's CPU, see README Metrics), while the
 *     gateway's own meters are resolved once per partner and outcome
 */
public record MetricsSettings(boolean enabled, boolean vertx) {
    public static final MetricsSettings DEFAULTS = new MetricsSettings(true, false);
    public static final MetricsSettings OFF = new MetricsSettings(false, false);

    /** Whether the Vert.x instance is to be created with Micrometer metrics. */
    public boolean vertxMeters() {
        return enabled && vertx;
    }
}
