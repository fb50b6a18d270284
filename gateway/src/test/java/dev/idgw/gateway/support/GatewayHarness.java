package dev.idgw.gateway.support;

import dev.idgw.gateway.GatewayApp;
import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.BearerTokens;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.sharelog.ShareLogSettings;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentWriter;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.ops.GatewayMetrics;
import dev.idgw.gateway.ops.MetricsSettings;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.sharelog.ShareRecordCodec;
import dev.idgw.gateway.signing.PartnerSigningSettings;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.testkit.partner.ReceivedRequest;
import dev.idgw.testkit.partner.StubPartner;
import dev.idgw.testkit.fault.TcpFaultProxy;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running gateway for a test: real stub partners on 127.0.0.1 port 0, a real Redis, a key prefix
 * and writer id of its own so tests never see each other's data. Builders default everything a test
 * does not care about.
 */
public final class GatewayHarness implements AutoCloseable {
    public static final String COMPLIANCE_TOKEN = "test-compliance-token";
    public static final String CONSENT_TOKEN = "test-consent-token";
    public static final String OPERATOR_TOKEN = "test-operator-token";
    private final Vertx vertx;
    private final GatewayApp app;
    private final Map<String, StubPartner> stubs;
    private final Map<String, TcpFaultProxy> proxies;
    private final Map<String, List<ReceivedRequest>> beforeReady;
    private final RedisLink testLink;
    private final GatewayConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private GatewayHarness(Vertx vertx, GatewayApp app, Map<String, StubPartner> stubs, Map<String, TcpFaultProxy> proxies,
                           Map<String, List<ReceivedRequest>> beforeReady, RedisLink testLink, GatewayConfig config) {
        this.vertx = vertx;
        this.app = app;
        this.stubs = stubs;
        this.proxies = proxies;
        this.beforeReady = beforeReady;
        this.testLink = testLink;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<PartnerSpec> partners = new ArrayList<>();
        private final List<String> downPartners = new ArrayList<>();
        private final Map<String, ConsentRecord> consentBeforeStart = new LinkedHashMap<>();
        private boolean behindProxies;
        private String redisUri;
        private List<String> clusterNodes = List.of();
        private String keyPrefix;
        private String writerId;
        private Path keysDir;
        private Duration commandTimeout = Duration.ofMillis(200);
        private AuctionSettings auction = AuctionSettings.defaults();
        // Lag shedding off by default in tests: a CI machine shared by several JVMs runs late often, and
        // the tests of shedding set their own limits.
        private ServerSettings server = ServerSettings.onPort(0).withHost("127.0.0.1").withMaxEventLoopLag(Duration.ofSeconds(10));
        private Duration warmup = Duration.ofSeconds(3);
        private Clock clock = Clock.systemUTC();
        private long checkpointEvery = 100;
        private FanOutSettings fanOut = FanOutSettings.defaults();
        private MetricsSettings metrics = MetricsSettings.DEFAULTS;
        private Duration leaseTtl = ShareLogSettings.DEFAULT_LEASE_TTL;
        private PartnerSigningSettings partnerSigning = PartnerSigningSettings.defaults();

        private final Map<String, String> endpointQueries = new LinkedHashMap<>();

        /** Partner {@code id}'s endpoint with this raw query after its path (e.g. {@code src=idgw&v=2}). */
        public Builder endpointQuery(String id, String rawQuery) {
            endpointQueries.put(id, rawQuery);
            return this;
        }

        public Builder partnerSigning(PartnerSigningSettings settings) {
            this.partnerSigning = settings;
            return this;
        }

        /** How long the writer's lease outlives a gateway that stopped renewing it (see {@link #abandon()}). */
        public Builder leaseTtl(Duration ttl) {
            this.leaseTtl = ttl;
            return this;
        }

        public Builder metrics(MetricsSettings settings) {
            this.metrics = settings;
            return this;
        }

        public Builder fanOut(FanOutSettings settings) {
            this.fanOut = settings;
            return this;
        }
        private ArchiveSettings archive;

        /** Archiving on, with these settings (off by default). */
        public Builder archive(ArchiveSettings settings) {
            this.archive = settings;
            return this;
        }

        public Builder checkpointEvery(long entries) {
            this.checkpointEvery = entries;
            return this;
        }

        public Builder partner(PartnerSpec spec) {
            partners.add(spec);
            return this;
        }

        /** A third-party partner (every field) whose endpoint refuses connections: down from the start. */
        public Builder downPartner(String id) {
            downPartners.add(id);
            return this;
        }

        /**
         * Puts each stub behind a pass-through {@link TcpFaultProxy}, so a test can count the connections the
         * gateway opens to it ({@link #proxy(String)}).
         */
        public Builder partnersBehindProxies() {
            this.behindProxies = true;
            return this;
        }

        /** A consent record already in Redis when the gateway starts (the warm-up could see it). */
        public Builder consentBeforeStart(String deviceId, ConsentRecord record) {
            consentBeforeStart.put(deviceId, record);
            return this;
        }

        public Builder redisUri(String uri) {
            this.redisUri = uri;
            return this;
        }

        /** Runs on a Redis Cluster reached through these seed nodes instead of one Redis. */
        public Builder redisCluster(List<String> seedNodes) {
            this.clusterNodes = List.copyOf(seedNodes);
            return this;
        }

        /** Shares a key prefix with other instances (one deployment); a fresh one of its own by default. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        public Builder writerId(String id) {
            this.writerId = id;
            return this;
        }

        /** Shares a key directory with other instances (one deployment's keys); a fresh one by default. */
        public Builder keysDir(Path dir) {
            this.keysDir = dir;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        public Builder auction(AuctionSettings settings) {
            this.auction = settings;
            return this;
        }

        public Builder server(ServerSettings settings) {
            this.server = settings;
            return this;
        }

        /**
         * The start-up warm-up's budget; short by default here (tests start many gateways and do not
         * measure speed), so the warm-up stops at about its old size instead of waiting for the JIT.
         */
        /** The gateway's wall clock (default: the system's UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder warmup(Duration budget) {
            this.warmup = budget;
            return this;
        }

        public GatewayHarness start() {
            try {
                Map<String, StubPartner> stubs = new LinkedHashMap<>();
                Map<String, TcpFaultProxy> proxies = new LinkedHashMap<>();
                List<PartnerProfile> profiles = new ArrayList<>();
                for (PartnerSpec p : partners) {
                    StubPartner stub = StubPartner.start(p.id(), 0, p.behavior());
                    stubs.put(p.id(), stub);
                    URI endpoint = stub.endpoint();
                    if (behindProxies) {
                        TcpFaultProxy proxy = TcpFaultProxy.start("127.0.0.1", stub.port());
                        proxies.put(p.id(), proxy);
                        endpoint = URI.create("http://" + proxy.address() + StubPartner.ENDPOINT_PATH);
                    }
                    if (endpointQueries.containsKey(p.id())) {
                        endpoint = URI.create(endpoint + "?" + endpointQueries.get(p.id()));
                    }
                    profiles.add(new PartnerProfile(p.id(), endpoint, p.role(), "advertising network", p.fields(),
                            p.emailFormat(), p.id() + ".example", p.strippedIp(), p.timeout(), p.signRequests()));
                }
                for (String id : downPartners) {
                    PartnerSpec p = PartnerSpec.allFields(id);
                    profiles.add(new PartnerProfile(id, URI.create("http://127.0.0.1:" + closedPort() + "/bid"), p.role(),
                            "advertising network", p.fields(), p.emailFormat(), id + ".example", p.strippedIp(),
                            p.timeout()));
                }
                String suffix = UUID.randomUUID().toString().substring(0, 8);
                String prefix = keyPrefix == null ? "t" + suffix : keyPrefix;
                RedisSettings redis = clusterNodes.isEmpty()
                        ? new RedisSettings(redisUri == null ? TestRedis.uri() : redisUri, commandTimeout, 1000, prefix)
                        : RedisSettings.cluster(clusterNodes, commandTimeout, 1000, prefix);
                Path keys = keysDir == null ? Files.createTempDirectory("idgw-keys") : keysDir;
                GatewayConfig config = new GatewayConfig(server.withWarmup(warmup), redis, auction, fanOut, keys,
                        new ShareLogSettings(writerId == null ? "w" + suffix : writerId, checkpointEvery,
                                Duration.ofSeconds(1), leaseTtl),
                        archive == null ? ArchiveSettings.disabled(keys.resolve("archive")) : archive,
                        new ComplianceSettings(true, "127.0.0.1", 0, List.of(
                                new ApiToken("auditor", BearerTokens.sha256(COMPLIANCE_TOKEN), Set.of(ApiToken.COMPLIANCE)),
                                new ApiToken("consent-service", BearerTokens.sha256(CONSENT_TOKEN),
                                        Set.of(ApiToken.CONSENT)),
                                new ApiToken("ad-ops", BearerTokens.sha256(OPERATOR_TOKEN), Set.of(ApiToken.OPERATOR)))),
                        profiles, ConfigLoader.bundledJurisdictions()).withMetrics(metrics).withPartnerSigning(partnerSigning);
                RedisLink link = RedisLink.open("test", new RedisSettings(redis.uri(), Duration.ofSeconds(2), 10_000,
                        redis.keyPrefix(), redis.clusterNodes()), Duration.ofSeconds(5));
                consentBeforeStart.forEach((device, record) ->
                        await(new ConsentWriter(link, new ConsentKeys(prefix)).put(device, record)));
                // The operator's way (Main): Vert.x made with the gateway's meters, so its HTTP meters are tested too.
                GatewayMetrics gatewayMetrics = GatewayMetrics.create(config.metrics());
                Vertx vertx = gatewayMetrics.newVertx();
                GatewayApp app = GatewayApp.start(vertx, config, gatewayMetrics, null, clock);
                // The start-up warm-up's test requests reach the stubs; tests count from ready on, and those
                // about the warm-up read them from receivedBeforeReady.
                Map<String, List<ReceivedRequest>> beforeReady = new LinkedHashMap<>();
                stubs.forEach((id, stub) -> {
                    beforeReady.put(id, stub.received());
                    stub.clearReceived();
                });
                return new GatewayHarness(vertx, app, stubs, proxies, beforeReady, link, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A port nothing listens on (bound, then released): connecting to it is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return app.port();
    }

    /** The proxy in front of partner {@code id}'s stub (see {@link Builder#partnersBehindProxies()}). */
    public TcpFaultProxy proxy(String id) {
        return proxies.get(id);
    }

    /** What partner {@code id}'s stub received while the gateway started (its warm-up); its log starts empty at ready. */
    public List<ReceivedRequest> receivedBeforeReady(String id) {
        return beforeReady.getOrDefault(id, List.of());
    }

    public int compliancePort() {
        return app.compliancePort();
    }

    public GatewayApp app() {
        return app;
    }

    /** A request to the internal listener (consent API) with the given bearer token (null: none). */
    public HttpResponse<String> internal(String method, String path, String body, String token) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + compliancePort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /internal/v1/preview} with {@code body} and the given bearer token (null: none). */
    public HttpResponse<String> preview(String body, String token) {
        return internal("POST", "/internal/v1/preview", body, token);
    }

    /** GET {@code path} on the player listener (port() ) or the internal one (compliancePort()), no token. */
    public HttpResponse<String> get(int port, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One command on this gateway's Redis through a link of the test's own, for faults the gateway must notice. */
    public <T> T redis(java.util.function.Function<io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String>,
            java.util.concurrent.CompletionStage<T>> command) {
        return await(command.apply(testLink.commands().orElseThrow()));
    }

    /** Every field of every key under this gateway's prefix, as text: for "is it stored anywhere" checks. */
    public String redisDump() {
        var commands = testLink.commands().orElseThrow();
        StringBuilder out = new StringBuilder();
        for (String key : await(commands.keys(config.redis().keyPrefix() + ":*"))) {
            String type = await(commands.type(key));
            out.append(key).append(' ');
            switch (type) {
                case "hash" -> out.append(await(commands.hgetall(key)));
                case "set" -> out.append(await(commands.smembers(key)));
                case "stream" -> await(commands.xrange(key, Range.create("-", "+"))).forEach(m -> out.append(m.getBody()));
                default -> out.append(type);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** GET on the compliance listener with the given bearer token (null: none). */
    public HttpResponse<String> compliance(String pathAndQuery, String token, String... headerPairs) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + compliancePort() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            req.header(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public URI adPodUri() {
        return URI.create("http://127.0.0.1:" + port() + "/openrtb2/adpod");
    }

    public GatewayConfig config() {
        return config;
    }

    public StubPartner stub(String id) {
        return stubs.get(id);
    }

    public List<StubPartner> stubs() {
        return List.copyOf(stubs.values());
    }

    public HttpResponse<String> post(String body, String... headerPairs) {
        try {
            return postAsync(body, headerPairs).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String body, String... headerPairs) {
        HttpRequest.Builder req = HttpRequest.newBuilder(adPodUri()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            req.header(headerPairs[i], headerPairs[i + 1]);
        }
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    public void putConsent(String deviceId, ConsentRecord record) {
        await(new ConsentWriter(testLink, keys()).put(deviceId, record));
    }

    /** Writes raw hash fields, for malformed records the consent API would never write. */
    public void putRawConsent(String deviceId, Map<String, String> fields) {
        var commands = testLink.commands().orElseThrow();
        await(commands.del(keys().forDevice(deviceId)));
        await(commands.hset(keys().forDevice(deviceId), fields));
    }

    public ConsentKeys keys() {
        return new ConsentKeys(config.redis().keyPrefix());
    }

    /** Every share record this gateway's writer appended, in order. */
    public List<ShareRecord> shareRecords() {
        var commands = testLink.commands().orElseThrow();
        List<StreamMessage<String, String>> messages = await(commands.xrange(
                new ShareLogKeys(config.redis().keyPrefix(), config.writerId()).stream(), Range.create("-", "+")));
        List<ShareRecord> records = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> m : messages) {
            records.add(ShareRecordCodec.decode(m.getBody().get(ShareLog.ENTRY_FIELD)).record());
        }
        return records;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops this gateway as a crash would, as far as Redis can tell: its Vert.x (timers, listeners, the Redis
     * links' event loops) goes, nothing is released or checkpointed. {@link #close()} still cleans up after.
     */
    public void abandon() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    @Override
    public void close() {
        app.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        proxies.values().forEach(TcpFaultProxy::close);
        stubs.values().forEach(StubPartner::close);
        testLink.close();
    }
}
