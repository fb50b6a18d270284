package dev.idgw.demo;

import dev.idgw.gateway.ops.GatewayMetrics;
import dev.idgw.gateway.GatewayApp;
import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.BearerTokens;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.sharelog.ShareLogSettings;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentWriter;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import dev.idgw.gateway.Listener;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.WriterLease;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubPartner;
import dev.idgw.testkit.redis.LocalRedis;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar loadtest/demo/target/demo.jar}: the whole product on one machine in one command. Uses the Redis
 * on 127.0.0.1:6379 if it answers, else starts a private one; starts three stub partners; seeds six
 * devices whose consent differs; serves on port 8080 and prints curl commands to try, with a token for
 * the compliance API and one for the consent API.
 *
 * <p>A demo starts clean, deleting its old keys, so it first makes sure no other demo is using them:
 * its ports are tried before anything else, and the keys are deleted only once it holds the lease of
 * the demo's writer ({@link WriterLease}), which a running demo holds.
 */
public final class Demo implements AutoCloseable {
    static final String KEY_PREFIX = "idgw-demo";
    static final String WRITER = "demo";
    static final String DEVICE_PREFIX = "6f1c2d3e-0000-4000-8000-00000000000";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param port the player port (the internal listener takes the next one when free, else any)
     * @param dir the demo's keys and archive
     * @param redisUri the Redis to use; null: 127.0.0.1:6379 when it answers, else a private one
     * @param keyPrefix the prefix of every key the demo writes (and deletes when it starts)
     */
    public record Options(int port, Path dir, String redisUri, String keyPrefix) {
        static Options parse(List<String> args) {
            return new Options(Integer.parseInt(option(args, "--port", "8080")),
                    Path.of(option(args, "--dir", ".idgw-demo")).toAbsolutePath(), null, KEY_PREFIX);
        }
    }

    private final List<AutoCloseable> resources;
    private final GatewayApp app;

    private Demo(List<AutoCloseable> resources, GatewayApp app) {
        this.resources = resources;
        this.app = app;
    }

    /** {@code [--port 8080] [--dir .idgw-demo]}; runs until the process is stopped (Ctrl-C). */
    public static void main(String[] args) {
        run(Arrays.asList(args));
    }

    public static void run(List<String> args) {
        Demo demo;
        try {
            demo = start(Options.parse(args), System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("demo failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
    }

    /** Starts a demo and prints how to try it to {@code out}; throws (having closed what it started) when it cannot. */
    public static Demo start(Options options, PrintStream out) throws IOException {
        ServerSettings server = ServerSettings.onPort(options.port()).withWarmup(DEMO_WARMUP);
        // Before anything else: a clash means another demo (or program) has the port, and nothing of it may be touched.
        Listener.requireFree(List.of(new Listener("player listener", server.host(), server.port())));
        Path work = options.dir();
        String prefix = options.keyPrefix();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            String redisUri = options.redisUri() != null ? options.redisUri() : redis(work, resources, out);
            PartnerRecording recording = new PartnerRecording(work.resolve(PartnerRecording.FOLDER));
            resources.add(recording);
            List<PartnerProfile> partners = stubPartners(resources, recording);
            String complianceToken = "demo-compliance-" + secret();
            String consentToken = "demo-consent-" + secret();
            String operatorToken = "demo-operator-" + secret();
            GatewayConfig config = new GatewayConfig(server,
                    new RedisSettings(redisUri, Duration.ofMillis(100), RedisSettings.DEFAULT_REQUEST_QUEUE_SIZE, prefix),
                    AuctionSettings.defaults(), FanOutSettings.defaults(), work.resolve("keys"),
                    new ShareLogSettings(WRITER, 100, Duration.ofSeconds(5)),
                    new ArchiveSettings(true, work.resolve("archive"), Duration.ofMinutes(5), 10_000,
                            Duration.ofSeconds(30), ArchiveSettings.DEFAULT_RAW_RETENTION,
                            ArchiveSettings.DEFAULT_AGGREGATE_RETENTION),
                    new ComplianceSettings(true, "127.0.0.1", options.port() == 0 ? 0 : freeOrAny(options.port() + 1),
                            List.of(new ApiToken("demo-compliance", BearerTokens.sha256(complianceToken),
                                            Set.of(ApiToken.COMPLIANCE)),
                                    new ApiToken("demo-consent", BearerTokens.sha256(consentToken),
                                            Set.of(ApiToken.CONSENT)),
                                    new ApiToken("demo-operator", BearerTokens.sha256(operatorToken),
                                            Set.of(ApiToken.OPERATOR)))),
                    partners, ConfigLoader.bundledJurisdictions());
            WriterLease lease = leaseAndSeed(config.redis());
            deleteRecursively(work.resolve("archive")); // only now: it may be a running demo's archive
            deleteRecursively(recording.folder()); // and its partners' files
            GatewayMetrics metrics = GatewayMetrics.create(config.metrics());
            Vertx vertx = metrics.newVertx();
            resources.add(0, vertx::close);
            GatewayApp app = GatewayApp.start(vertx, config, metrics, lease);
            resources.add(0, app);
            // From ready on: the gateway's start-up warm-up of the partner connections is not what a user sent.
            recording.start(partners.stream().map(PartnerProfile::id).toList());
            printWelcome(out, app.port(), redisUri, prefix, partners, recording);
            printCompliance(out, app.compliancePort(), complianceToken);
            printConsent(out, app.compliancePort(), app.port(), consentToken);
            printPreview(out, app.compliancePort(), operatorToken);
            out.println("Ctrl-C stops the demo.");
            return new Demo(resources, app);
        } catch (IOException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** A short warm-up: the demo is for trying the gateway out, not for its first minute's CPU. */
    private static final Duration DEMO_WARMUP = Duration.ofSeconds(3);

    public GatewayApp app() {
        return app;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String redis(Path work, List<AutoCloseable> resources, PrintStream out) throws IOException {
        if (LocalRedis.answers("127.0.0.1", 6379)) {
            return "redis://127.0.0.1:6379";
        }
        out.println("no Redis on 127.0.0.1:6379; starting a private one");
        LocalRedis redis = LocalRedis.start(work.resolve("redis"), List.of());
        resources.add(redis);
        return redis.uri();
    }

    /**
     * The shipped partner profiles (config/partners.yaml; DemoTest holds them equal but for the endpoints), each
     * served by a stub that hands what it receives to {@code recording}.
     */
    private static List<PartnerProfile> stubPartners(List<AutoCloseable> resources, PartnerRecording recording)
            throws IOException {
        StubPartner acme = stub("acme-ssp", StubBehavior.bidding().withBasePrice(12.0), recording);
        resources.add(acme);
        StubPartner bright = stub("brightline",
                StubBehavior.bidding().withBasePrice(9.0).withLatency(Duration.ofMillis(20)), recording);
        resources.add(bright);
        StubPartner measure = stub("measurely", StubBehavior.bidding().withBasePrice(6.0), recording);
        resources.add(measure);
        return List.of(
                new PartnerProfile("acme-ssp", acme.endpoint(), PartnerRole.THIRD_PARTY, "advertising network",
                        EnumSet.allOf(Field.class), EmailHashFormat.SHA256_HEX, "acme-ssp.example",
                        StrippedIpHandling.TRUNCATE, Duration.ofMillis(150)).withSignRequests(true), // as shipped
                new PartnerProfile("brightline", bright.endpoint(), PartnerRole.THIRD_PARTY, "advertising network",
                        EnumSet.of(Field.DEVICE_ID, Field.IP), EmailHashFormat.SHA256_HEX, "hashed-email.brightline",
                        StrippedIpHandling.REMOVE, Duration.ofMillis(120)),
                new PartnerProfile("measurely", measure.endpoint(), PartnerRole.SERVICE_PROVIDER,
                        "ad measurement service provider", EnumSet.of(Field.HASHED_EMAIL, Field.IP),
                        EmailHashFormat.HMAC_SHA256_HEX, "measurely.example", StrippedIpHandling.TRUNCATE,
                        Duration.ofMillis(150)));
    }

    private static StubPartner stub(String id, StubBehavior behavior, PartnerRecording recording) throws IOException {
        return StubPartner.start(id, 0, behavior, StubPartner.Options.defaults()
                .withOnReceive(received -> recording.record(id, received)));
    }

    static List<DemoDevice> devices() {
        Instant now = Instant.now();
        byte[] email = EmailHash.of("Jane.Doe+tv@gmail.com").orElseThrow();
        return List.of(
                new DemoDevice(DEVICE_PREFIX + "1", "adult in California, consent granted, signed in (email hash held)",
                        new ConsentRecord(true, "US-CA", AgeBand.ADULT, email, 3, now)),
                new DemoDevice(DEVICE_PREFIX + "2", "adult in California who opted out",
                        new ConsentRecord(false, "US-CA", AgeBand.ADULT, null, 2, now)),
                new DemoDevice(DEVICE_PREFIX + "3", "17-year-old in Colorado (known minor)",
                        new ConsentRecord(true, "US-CO", AgeBand.MINOR, null, 1, now)),
                new DemoDevice(DEVICE_PREFIX + "4", "adult in the UK, opt-in consent given",
                        new ConsentRecord(true, "GB", AgeBand.ADULT, null, 1, now)),
                new DemoDevice(DEVICE_PREFIX + "5", "a child's profile (under 13)",
                        new ConsentRecord(true, "US-VA", AgeBand.CHILD, null, 1, now)),
                new DemoDevice(DEVICE_PREFIX + "6", "no consent record at all", null));
    }

    /**
     * Takes the demo writer's lease, then starts from a clean slate: deletes the demo's old keys (its prefix
     * only, never the lease) and seeds the devices. A running demo holds the lease, so its keys survive.
     */
    private static WriterLease leaseAndSeed(RedisSettings redis) {
        try (RedisLink link = RedisLink.open("demo-seed", redis, Duration.ofSeconds(5))) {
            WriterLease lease = WriterLease.take(link, new ShareLogKeys(redis.keyPrefix(), WRITER),
                    ShareLogSettings.DEFAULT_LEASE_TTL, redis.displayName(),
                    "is another demo running? Stop it (Ctrl-C) first", Ticker.SYSTEM);
            if (!lease.held()) {
                throw new IllegalStateException("Redis at " + redis.displayName() + " does not answer");
            }
            try {
                var commands = link.commands().orElseThrow(() -> new IllegalStateException("redis not reachable"));
                List<String> old = new ArrayList<>(commands.keys(redis.keyPrefix() + ":*").get(5, TimeUnit.SECONDS));
                old.remove(lease.key());
                if (!old.isEmpty()) {
                    commands.del(old.toArray(String[]::new)).get(5, TimeUnit.SECONDS);
                }
                ConsentWriter writer = new ConsentWriter(link, new ConsentKeys(redis.keyPrefix()));
                for (DemoDevice d : devices()) {
                    var done = d.record() == null ? writer.delete(d.deviceId()) : writer.put(d.deviceId(), d.record());
                    done.toCompletableFuture().get(5, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                lease.closeThrough(link);
                throw new IllegalStateException("could not seed demo consent in Redis: " + e.getMessage(), e);
            }
            return lease;
        }
    }

    private static void printWelcome(PrintStream out, int port, String redisUri, String prefix,
                                     List<PartnerProfile> partners, PartnerRecording recording) {
        StringBuilder s = new StringBuilder();
        s.append("\nIdentity Gateway demo: http://127.0.0.1:").append(port).append("  (Redis ").append(redisUri)
                .append(", keys prefixed '").append(prefix).append("')\n");
        s.append("Stub partners:\n");
        for (PartnerProfile p : partners) {
            s.append("  ").append(p.id()).append(" (").append(p.role().configName()).append(", may receive ")
                    .append(p.identityFields()).append(") at ").append(p.endpoint()).append('\n');
        }
        s.append("Every request a partner receives is appended, one JSON line each, to:\n");
        for (PartnerProfile p : partners) {
            s.append("  ").append(recording.fileOf(p.id())).append('\n');
        }
        s.append("  (watch one with: tail -f ").append(recording.fileOf(partners.get(0).id())).append(")\n");
        s.append("Seeded devices:\n");
        for (DemoDevice d : devices()) {
            s.append("  ").append(d.deviceId()).append("  ").append(d.story()).append('\n');
        }
        s.append("\nAsk for a 60 s dynamic pod as the signed-in Californian (identity shared, share record written):\n")
                .append(curl(port, DEVICE_PREFIX + "1", ""))
                .append("\nThe same device with Global Privacy Control on (third parties get no identity):\n")
                .append(curl(port, DEVICE_PREFIX + "1", "-H 'Sec-GPC: 1' "))
                .append("\nThe known minor (stripped for every partner), as a VAST 4.2 pod:\n")
                .append(curl(port, DEVICE_PREFIX + "3", "-H 'Accept: application/xml' "))
                .append("\nSee the share records written so far:\n")
                .append("  redis-cli -u ").append(redisUri).append(" XRANGE '").append(prefix)
                .append(":shares:{").append(WRITER).append("}' - +\n")
                .append("\nHealth and metrics (no token):\n")
                .append("  curl -s http://127.0.0.1:").append(port).append("/health/ready\n")
                .append("  curl -s http://127.0.0.1:").append(port).append("/metrics | grep '^idgw_decisions'\n");
        out.println(s);
    }

    private static void printCompliance(PrintStream out, int port, String token) {
        String auth = "-H 'Authorization: Bearer " + token + "' ";
        String base = "http://127.0.0.1:" + port + "/compliance/v1/";
        out.println("Compliance API on the internal listener; token with the compliance role, for this demo run only:\n"
                + "  " + token + "\n"
                + "  curl -s " + auth + base + "shares                 # NDJSON; add -H 'Accept: text/csv' for CSV\n"
                + "  curl -s " + auth + base + "subjects/" + DEVICE_PREFIX + "1/shares\n"
                + "  curl -s " + auth + base + "disclosures\n"
                + "  curl -s " + auth + base + "verify\n"
                + "  curl -s " + auth + base + "checkpoints\n"
                + "  Compliance console (sign in with the token above): http://127.0.0.1:" + port + "/console/\n");
    }

    /** Device 2 opted out; the printed PUT gives it consent again, so its next ad request shares identity. */
    private static void printConsent(PrintStream out, int port, int playerPort, String token) {
        String auth = "-H 'Authorization: Bearer " + token + "' ";
        String device = "http://127.0.0.1:" + port + "/consent/v1/devices/" + DEVICE_PREFIX + "2";
        out.println("Consent API on the same listener; token with the consent role, for this demo run only:\n"
                + "  " + token + "\n"
                + "The Californian who opted out gives consent again, then it is read back:\n"
                + "  curl -s -X PUT " + auth + "-H 'Content-Type: application/json' " + device
                + " -d '{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\"}'\n"
                + "  curl -s " + auth + device + "\n"
                + "Her next ad request shares identity again:\n"
                + curl(playerPort, DEVICE_PREFIX + "2", ""));
    }

    /** The signed-in Californian with GPC, previewed: what each partner would get, and why, with nothing sent. */
    private static void printPreview(PrintStream out, int port, String token) {
        out.println("Partner preview on the same listener; token with the operator role, for this demo run only:\n"
                + "  " + token + "\n"
                + "What each partner would receive for the signed-in Californian with GPC on, and why (nothing is "
                + "sent or recorded):\n"
                + "  curl -s -H 'Authorization: Bearer " + token + "' -H 'Content-Type: application/json' "
                + "http://127.0.0.1:" + port + "/internal/v1/preview -d '{\"headers\":{\"Sec-GPC\":\"1\"},"
                + "\"request\":" + AD_REQUEST.replace("DEVICE", DEVICE_PREFIX + "1") + "}'\n");
    }

    /** The ad request every printed command sends, for the device named DEVICE. */
    private static final String AD_REQUEST = "{\"id\":\"demo-1\",\"tmax\":300,\"imp\":[{\"id\":\"1\",\"video\":"
            + "{\"mimes\":[\"video/mp4\"],\"podid\":\"break-1\",\"poddur\":60,\"maxseq\":4,\"minduration\":5,"
            + "\"maxduration\":30}}],\"app\":{\"bundle\":\"tv.example.app\"},\"device\":{\"ifa\":\"DEVICE\","
            + "\"ip\":\"203.0.113.7\",\"devicetype\":3}}";

    private static String curl(int port, String device, String headers) {
        return "  curl -s -H 'Content-Type: application/json' " + headers + "http://127.0.0.1:" + port
                + "/openrtb2/adpod -d '" + AD_REQUEST.replace("DEVICE", device) + "'\n";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var paths = java.nio.file.Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The internal listener goes next to the player port when that port is free, else anywhere. */
    private static int freeOrAny(int preferred) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(preferred, 1, java.net.InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // best effort on the way out
            }
        }
        resources.clear();
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
