package dev.idgw.gateway;

import dev.idgw.gateway.compliance.TokenCommand;
import dev.idgw.gateway.config.ConfigException;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.ops.GatewayMetrics;
import dev.idgw.gateway.sharelog.OfflineVerifier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar gateway.jar serve --config config/gateway.yaml} runs the gateway with the operator's
 * files; {@code java -jar gateway.jar verify} checks exported share logs offline ({@link OfflineVerifier});
 * {@code java -jar gateway.jar token --role consent} makes a bearer token and its gateway.yaml line ({@link TokenCommand}).
 * The self-contained demo (stub partners, seeded consent) is a jar of its own, {@code loadtest/demo/target/demo.jar},
 * so that this one carries no test tools.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        String command = a.isEmpty() ? "help" : a.get(0);
        try {
            switch (command) {
                case "serve", "--config" -> serve(command.equals("--config") ? a : a.subList(1, a.size()));
                case "demo" -> {
                    System.err.println(DEMO_MOVED);
                    System.exit(2);
                }
                case "verify" -> System.exit(OfflineVerifier.run(a.subList(1, a.size()), System.out, System.err));
                case "token" -> System.exit(TokenCommand.run(a.subList(1, a.size()), System.out, System.err,
                        java.time.Clock.systemUTC()));
                default -> usage();
            }
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
        }
    }

    /** For those who still type {@code gateway.jar demo}, as older docs and scripts did. */
    static final String DEMO_MOVED = "the demo is its own jar now: java -jar loadtest/demo/target/demo.jar";

    /** How often partners.yaml and jurisdictions.yaml are checked for changes (SIGHUP reloads at once). */
    private static final java.time.Duration POLICY_POLL = java.time.Duration.ofSeconds(2);

    private static void serve(List<String> args) {
        Path config = Path.of(option(args, "--config", "config/gateway.yaml"));
        GatewayConfig cfg = ConfigLoader.load(config);
        GatewayMetrics metrics = GatewayMetrics.create(cfg.metrics());
        Vertx vertx = metrics.newVertx();
        GatewayApp app;
        try {
            app = GatewayApp.start(vertx, cfg, metrics);
        } catch (RuntimeException e) {
            System.err.println("startup failed: " + e.getMessage());
            vertx.close();
            System.exit(1);
            return;
        }
        app.watchPolicy(ConfigLoader.policyFiles(config), POLICY_POLL);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            vertx.close();
        }, "shutdown"));
        System.out.println(startupLine(cfg, app.port(), app.compliancePort()));
    }

    /** The one line an operator reads at start: both listeners, so neither has to be looked up in the config. */
    static String startupLine(GatewayConfig cfg, int playerPort, int internalPort) {
        String internal = internalPort < 0 ? "internal listener (consent, compliance, console, preview) off"
                : "internal listener (consent, compliance, console, preview) on " + cfg.compliance().host() + ":" + internalPort;
        return "identity gateway listening on " + cfg.server().host() + ":" + playerPort + " (writer " + cfg.writerId()
                + ", " + cfg.partners().size() + " partners); " + internal;
    }

    static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args.get(i + 1);
    }

    private static void usage() {
        System.err.println("""
                usage:
                  java -jar gateway/target/gateway.jar serve --config config/gateway.yaml
                  java -jar gateway/target/gateway.jar token --role consent|compliance|operator [--name NAME]
                  java -jar gateway/target/gateway.jar verify --entries shares.ndjson [--checkpoints checkpoints.ndjson \
                      --keys keys.jwks [--keys-format jwks|pem]] [--partial]
                the demo: java -jar loadtest/demo/target/demo.jar [--port 8080]
                """);
    }
}
