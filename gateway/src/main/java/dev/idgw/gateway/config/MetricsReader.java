package dev.idgw.gateway.config;

import dev.idgw.gateway.ops.MetricsSettings;

/** {@code metrics:} the meters and {@code /metrics}. Defaults: {@link MetricsSettings#DEFAULTS}. */
final class MetricsReader {
    private MetricsReader() {
    }

    static MetricsSettings read(ConfigNode n) {
        MetricsSettings d = MetricsSettings.DEFAULTS;
        MetricsSettings metrics = new MetricsSettings(n.bool("enabled", d.enabled()), n.bool("vertx", d.vertx()));
        n.rejectUnknownKeys();
        return metrics;
    }
}
