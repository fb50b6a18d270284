package dev.idgw.gateway.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The gateway's meter registry: Prometheus when metrics are on; when they are off, a composite
 * registry with nothing in it, whose meters are no-ops, so the request path runs the same code and
 * pays next to nothing. One per gateway instance (tests run several in one JVM).
 */
public final class GatewayMetrics implements AutoCloseable {
    private final MetricsSettings settings;
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus; // null when off
    private JvmGcMetrics gc; // guarded by this; null until the JVM meters are bound, and when off

    private GatewayMetrics(MetricsSettings settings) {
        this.settings = settings;
        if (settings.enabled()) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry = prometheus;
        } else {
            prometheus = null;
            registry = new CompositeMeterRegistry();
        }
    }

    public static GatewayMetrics create(MetricsSettings settings) {
        return new GatewayMetrics(settings);
    }

    /**
     * The Vert.x instance for a gateway that uses these metrics: with Vert.x's HTTP server and client
     * meters on this registry when {@code metrics.vertx} is on (Vert.x takes its metrics SPI when it is
     * created, never later), else a plain one. One event loop per core, not Vert.x's two: the gateway
     * deploys one player listener per core, and the Redis connections run on these same loops (see
     * {@code redis/SharedEventLoops}), so a Redis reply often lands on the loop whose request is waiting
     * for it instead of on a loop no player uses, which would cost a thread hand-off on every reply.
     */
    public Vertx newVertx() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        VertxOptions options = new VertxOptions().setEventLoopPoolSize(cores);
        return settings.vertxMeters() ? VertxHttpMetrics.vertx(registry, options) : Vertx.vertx(options);
    }

    public boolean enabled() {
        return prometheus != null;
    }

    /**
     * The registry to register meters on. The JVM's own meters (memory, GC, threads, CPU, uptime) are bound
     * at the first call, not at creation: {@link #newVertx()} installs Vert.x's meter filters, and Micrometer
     * wants every filter in place before the first meter.
     */
    public synchronized MeterRegistry registry() {
        if (prometheus != null && gc == null) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
        }
        return registry;
    }

    /**
     * Every meter in the Prometheus text format (0.0.4). Walks every meter: call it off the event loops.
     *
     * @throws IllegalStateException when metrics are off
     */
    public String scrape() {
        if (prometheus == null) {
            throw new IllegalStateException("metrics are off");
        }
        return prometheus.scrape();
    }

    @Override
    public synchronized void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
