package dev.idgw.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.decision.Regime;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.fanout.GuardSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.intake.TrustedProxies;
import dev.idgw.gateway.consent.ConsentCacheSettings;
import dev.idgw.gateway.ops.MetricsSettings;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.ShareLogSettings;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads gateway.yaml and the files it names (paths relative to gateway.yaml's folder) into a
 * {@link GatewayConfig}. Every problem is a {@link ConfigException} naming the file and key.
 */
public final class ConfigLoader {
    /** Duplicate keys are errors: YAML's "last one wins" would let a second {@code port:} silently override the first. */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path gatewayYaml) {
        ConfigNode root = read(gatewayYaml);
        root.allowOnly(Set.of("server", "redis", "consentCache", "auction", "fanOut", "keys", "shareLog", "archive",
                "compliance", "partners", "jurisdictions", "metrics"));
        Path base = gatewayYaml.toAbsolutePath().getParent();
        ServerSettings server = server(root.objectOrEmpty("server"));
        RedisSettings redis = redis(root.objectOrEmpty("redis"));
        AuctionSettings auction = auction(root.objectOrEmpty("auction"));
        FanOutSettings fanOut = fanOut(root.objectOrEmpty("fanOut"));
        ConfigNode keys = root.objectOrEmpty("keys");
        keys.allowOnly(Set.of("dir"));
        Path keysDir = path(keys, base, "dir", "../keys-data");
        ShareLogSettings shareLog = shareLog(root.objectOrEmpty("shareLog"));
        ComplianceSettings compliance = compliance(root.objectOrEmpty("compliance"));
        ArchiveSettings archive = archive(root.objectOrEmpty("archive"), base);
        List<PartnerProfile> partners = loadPartners(path(root, base, "partners", "partners.yaml"));
        JurisdictionRules rules = loadJurisdictions(path(root, base, "jurisdictions", "jurisdictions.yaml"));
        ConsentCacheSettings consentCache = consentCache(root.objectOrEmpty("consentCache"));
        MetricsSettings metrics = metrics(root.objectOrEmpty("metrics"));
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, partners, rules,
                consentCache, metrics);
    }

    private static MetricsSettings metrics(ConfigNode n) {
        n.allowOnly(Set.of("enabled", "vertx"));
        MetricsSettings d = MetricsSettings.DEFAULTS;
        return new MetricsSettings(n.bool("enabled", d.enabled()), n.bool("vertx", d.vertx()));
    }

    private static ConsentCacheSettings consentCache(ConfigNode n) {
        n.allowOnly(Set.of("enabled", "maxEntries", "maxAge", "maxStaleness", "heartbeat"));
        ConsentCacheSettings d = ConsentCacheSettings.DEFAULTS;
        try {
            return new ConsentCacheSettings(n.bool("enabled", d.enabled()),
                    n.integer("maxEntries", d.maxEntries(), 1, 100_000_000),
                    n.duration("maxAge", d.maxAge(), Duration.ofSeconds(1), Duration.ofDays(1)),
                    n.duration("maxStaleness", d.maxStaleness(), Duration.ofMillis(20), Duration.ofMinutes(1)),
                    n.duration("heartbeat", d.heartbeat(), Duration.ofMillis(10), Duration.ofSeconds(30)));
        } catch (IllegalArgumentException e) {
            throw n.error("heartbeat", e.getMessage());
        }
    }

    private static ShareLogSettings shareLog(ConfigNode n) {
        n.allowOnly(Set.of("writerId", "checkpointEvery", "checkpointInterval"));
        String writerId = n.has("writerId") ? n.parsed("writerId", ConfigLoader::writerId) : defaultWriterId();
        return new ShareLogSettings(writerId,
                n.integer("checkpointEvery", (int) ShareLogSettings.DEFAULT_CHECKPOINT_EVERY, 1, 10_000_000),
                n.duration("checkpointInterval", ShareLogSettings.DEFAULT_CHECKPOINT_INTERVAL, Duration.ofMillis(100),
                        Duration.ofHours(1)));
    }

    private static ArchiveSettings archive(ConfigNode n, Path base) {
        n.allowOnly(Set.of("enabled", "dir", "hotWindow", "segmentMaxEntries", "runEvery", "rawRetention",
                "aggregateRetention"));
        try {
            return new ArchiveSettings(n.bool("enabled", true), path(n, base, "dir", "../sharelog-archive"),
                    n.duration("hotWindow", ArchiveSettings.DEFAULT_HOT_WINDOW, Duration.ZERO, Duration.ofDays(30)),
                    n.integer("segmentMaxEntries", ArchiveSettings.DEFAULT_SEGMENT_MAX_ENTRIES, 1, 10_000_000),
                    n.duration("runEvery", ArchiveSettings.DEFAULT_RUN_EVERY, Duration.ofMillis(100), Duration.ofDays(1)),
                    n.duration("rawRetention", ArchiveSettings.DEFAULT_RAW_RETENTION, Duration.ofMinutes(1),
                            Duration.ofDays(3650)),
                    n.duration("aggregateRetention", ArchiveSettings.DEFAULT_AGGREGATE_RETENTION, Duration.ofMinutes(1),
                            Duration.ofDays(3650)));
        } catch (IllegalArgumentException e) {
            throw n.error("aggregateRetention", e.getMessage());
        }
    }

    private static ComplianceSettings compliance(ConfigNode n) {
        n.allowOnly(Set.of("enabled", "host", "port", "tokens"));
        List<ApiToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode t : n.has("tokens") ? n.objects("tokens") : List.<ConfigNode>of()) {
            t.allowOnly(Set.of("name", "sha256", "roles"));
            String name = t.string("name");
            if (!names.add(name)) {
                throw t.error("name", "duplicate token name '" + name + "'");
            }
            Set<String> roles = new HashSet<>(t.strings("roles"));
            if (roles.isEmpty()) {
                throw t.error("roles", "give at least one role: compliance or consent");
            }
            try {
                tokens.add(ApiToken.ofHex(name, t.string("sha256"), roles));
            } catch (IllegalArgumentException e) {
                throw t.error(e.getMessage().startsWith("sha256") ? "sha256" : "roles", e.getMessage());
            }
        }
        boolean enabled = n.bool("enabled", true);
        return new ComplianceSettings(enabled, n.string("host", "127.0.0.1"), n.integer("port", 8081, 0, 65535), tokens);
    }

    /** A path from config, relative to the config file's folder; an unusable one is an error at its key. */
    private static Path path(ConfigNode node, Path base, String key, String fallback) {
        try {
            return base.resolve(node.string(key, fallback));
        } catch (java.nio.file.InvalidPathException e) {
            throw node.error(key, "not a usable file path");
        }
    }

    static ConfigNode read(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static ConfigNode parse(String name, byte[] content) {
        try {
            JsonNode node = YAML.readTree(content);
            if (node == null || !node.isObject()) {
                throw new ConfigException(name, "", "expected a YAML mapping at the top");
            }
            return new ConfigNode(name, "", node);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String line = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr();
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field ")) {
                throw new ConfigException(name, "", "duplicate key " + message.substring("Duplicate field ".length())
                        + line);
            }
            throw new ConfigException(name, "", "not valid YAML (" + firstLine(message) + line + ")");
        } catch (IOException e) {
            throw new ConfigException(name, "", "not valid YAML (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
    }

    private static ServerSettings server(ConfigNode n) {
        n.allowOnly(Set.of("host", "port", "maxBodyBytes", "maxHeaderBytes", "maxInitialLineBytes", "idleTimeout",
                "bodyReadTimeout", "headerReadTimeout", "trustedProxies", "maxInFlight", "maxEventLoopLag", "shutdownGrace", "warmup"));
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.of(n.strings("trustedProxies"));
        } catch (IllegalArgumentException e) {
            throw n.error("trustedProxies", e.getMessage());
        }
        return new ServerSettings(
                n.string("host", "0.0.0.0"),
                n.integer("port", 8080, 0, 65535),
                n.integer("maxBodyBytes", ServerSettings.DEFAULT_MAX_BODY_BYTES, 1024, 4 * 1024 * 1024),
                n.integer("maxHeaderBytes", ServerSettings.DEFAULT_MAX_HEADER_BYTES, 1024, 65536),
                n.integer("maxInitialLineBytes", ServerSettings.DEFAULT_MAX_INITIAL_LINE_BYTES, 256, 16384),
                n.duration("idleTimeout", ServerSettings.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                n.duration("bodyReadTimeout", ServerSettings.DEFAULT_BODY_READ_TIMEOUT, Duration.ofMillis(100),
                        Duration.ofMinutes(1)),
                n.duration("headerReadTimeout", ServerSettings.DEFAULT_HEADER_READ_TIMEOUT, Duration.ofMillis(100),
                        Duration.ofMinutes(1)),
                proxies,
                n.integer("maxInFlight", ServerSettings.DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000),
                n.duration("maxEventLoopLag", ServerSettings.DEFAULT_MAX_EVENT_LOOP_LAG, Duration.ofMillis(10),
                        Duration.ofSeconds(10)),
                n.duration("shutdownGrace", ServerSettings.DEFAULT_SHUTDOWN_GRACE, Duration.ZERO, Duration.ofMinutes(5)),
                n.duration("warmup", ServerSettings.DEFAULT_WARMUP, Duration.ZERO, Duration.ofMinutes(2)));
    }

    private static RedisSettings redis(ConfigNode n) {
        n.allowOnly(Set.of("uri", "cluster", "commandTimeout", "requestQueueSize", "keyPrefix"));
        List<String> cluster = clusterNodes(n);
        if (!cluster.isEmpty() && n.has("uri")) {
            throw n.error("cluster", "mutually exclusive with redis.uri: give one Redis (uri) or the cluster's seed "
                    + "nodes (cluster), not both");
        }
        String uri = cluster.isEmpty() ? n.string("uri", "redis://127.0.0.1:6379") : null;
        try {
            return new RedisSettings(uri,
                    n.duration("commandTimeout", RedisSettings.DEFAULT_COMMAND_TIMEOUT, Duration.ofMillis(1),
                            Duration.ofSeconds(10)),
                    n.integer("requestQueueSize", RedisSettings.DEFAULT_REQUEST_QUEUE_SIZE, 1, 1_000_000),
                    n.string("keyPrefix", RedisSettings.DEFAULT_KEY_PREFIX), cluster);
        } catch (IllegalArgumentException e) {
            throw n.error(n.has("keyPrefix") && e.getMessage().contains("prefix") ? "keyPrefix" : "uri", e.getMessage());
        }
    }

    /** {@code redis.cluster}: the seed nodes of a Redis Cluster, each a redis:// URI; empty when absent. */
    private static List<String> clusterNodes(ConfigNode n) {
        if (!n.has("cluster")) {
            return List.of();
        }
        List<String> nodes = n.strings("cluster");
        if (nodes.isEmpty()) {
            throw n.error("cluster", "expected at least one seed node (redis://host:port)");
        }
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i).trim();
            if (!node.startsWith("redis://") && !node.startsWith("rediss://")) {
                throw n.error("cluster[" + i + "]", "expected a redis:// or rediss:// URI");
            }
            nodes.set(i, node);
        }
        return nodes;
    }

    private static AuctionSettings auction(ConfigNode n) {
        n.allowOnly(Set.of("defaultTmax", "maxTmax", "assemblyReserve"));
        Duration defaultTmax = n.duration("defaultTmax", AuctionSettings.DEFAULT_TMAX, Duration.ofMillis(20),
                Duration.ofSeconds(10));
        Duration maxTmax = n.duration("maxTmax", AuctionSettings.DEFAULT_MAX_TMAX, Duration.ofMillis(20),
                Duration.ofSeconds(10));
        Duration reserve = n.duration("assemblyReserve", AuctionSettings.DEFAULT_ASSEMBLY_RESERVE, Duration.ZERO,
                Duration.ofSeconds(1));
        try {
            return new AuctionSettings(defaultTmax, maxTmax, reserve);
        } catch (IllegalArgumentException e) {
            throw n.error("defaultTmax", e.getMessage());
        }
    }

    private static FanOutSettings fanOut(ConfigNode n) {
        n.allowOnly(Set.of("connectTimeout", "maxConnectionsPerPartner", "maxResponseBytes", "breaker",
                "maxConcurrentCallsPerPartner"));
        GuardSettings d = GuardSettings.defaults();
        ConfigNode b = n.objectOrEmpty("breaker");
        b.allowOnly(Set.of("window", "minimumCalls", "failureRatePercent", "openFor", "halfOpenCalls"));
        GuardSettings guards = new GuardSettings(b.integer("window", d.breakerWindow(), 1, 10_000),
                b.integer("minimumCalls", d.breakerMinimumCalls(), 1, 10_000),
                b.integer("failureRatePercent", (int) d.breakerFailureRatePercent(), 1, 100),
                b.duration("openFor", d.breakerOpenFor(), Duration.ofMillis(10), Duration.ofMinutes(10)),
                b.integer("halfOpenCalls", d.breakerHalfOpenCalls(), 1, 1000),
                n.integer("maxConcurrentCallsPerPartner", d.maxConcurrentCallsPerPartner(), 1, 100_000));
        return new FanOutSettings(
                n.duration("connectTimeout", FanOutSettings.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1),
                        Duration.ofSeconds(10)),
                n.integer("maxConnectionsPerPartner", FanOutSettings.DEFAULT_MAX_CONNECTIONS_PER_PARTNER, 1, 10_000),
                n.integer("maxResponseBytes", FanOutSettings.DEFAULT_MAX_RESPONSE_BYTES, 1024, 64 * 1024 * 1024),
                guards);
    }

    /** Where {@code gatewayYaml} says the partner and jurisdiction files are (what a reload re-reads). */
    public static dev.idgw.gateway.reload.PolicyFiles policyFiles(Path gatewayYaml) {
        ConfigNode root = read(gatewayYaml);
        Path base = gatewayYaml.toAbsolutePath().getParent();
        return new dev.idgw.gateway.reload.PolicyFiles(path(root, base, "partners", "partners.yaml"),
                path(root, base, "jurisdictions", "jurisdictions.yaml"));
    }

    public static List<PartnerProfile> loadPartners(Path file) {
        ConfigNode root = read(file);
        root.allowOnly(Set.of("partners"));
        List<PartnerProfile> partners = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode p : root.objects("partners")) {
            PartnerProfile profile = partner(p);
            if (!ids.add(profile.id())) {
                throw p.error("id", "duplicate partner id '" + profile.id() + "'");
            }
            partners.add(profile);
        }
        return partners;
    }

    private static PartnerProfile partner(ConfigNode p) {
        p.allowOnly(Set.of("id", "endpoint", "role", "category", "identityFields", "hashedEmail", "strippedIp", "timeout"));
        String id = p.string("id");
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw p.error("id", "must be 1-32 of [a-z0-9_-], starting with a letter or digit");
        }
        URI endpoint = p.parsed("endpoint", ConfigLoader::endpoint);
        PartnerRole role = p.parsed("role", PartnerRole::fromConfigName);
        EnumSet<Field> fields = EnumSet.noneOf(Field.class);
        for (String f : p.strings("identityFields")) {
            try {
                fields.add(Field.fromConfigName(f));
            } catch (IllegalArgumentException e) {
                throw p.error("identityFields", e.getMessage());
            }
        }
        ConfigNode email = p.objectOrEmpty("hashedEmail");
        email.allowOnly(Set.of("format", "eidSource"));
        EmailHashFormat format = email.has("format") ? email.parsed("format", EmailHashFormat::fromConfigName)
                : EmailHashFormat.SHA256_HEX;
        String eidSource = email.string("eidSource", "hashed-email." + id);
        StrippedIpHandling ip = p.has("strippedIp") ? p.parsed("strippedIp", StrippedIpHandling::fromConfigName)
                : StrippedIpHandling.REMOVE;
        Duration timeout = p.duration("timeout", Duration.ofMillis(200), Duration.ofMillis(5), Duration.ofSeconds(10));
        return new PartnerProfile(id, endpoint, role, p.string("category", "advertising network"), fields, format,
                eidSource, ip, timeout);
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("must be an absolute URL with a host, no user info and no fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
    }

    public static JurisdictionRules loadJurisdictions(Path file) {
        return jurisdictions(read(file));
    }

    /** The rules shipped inside the jar (a copy of config/jurisdictions.yaml made at build time). */
    public static JurisdictionRules bundledJurisdictions() {
        try (var in = ConfigLoader.class.getResourceAsStream("/config/jurisdictions.yaml")) {
            if (in == null) {
                throw new ConfigException("classpath:/config/jurisdictions.yaml", "", "not bundled in this build");
            }
            return jurisdictions(parse("classpath:/config/jurisdictions.yaml", in.readAllBytes()));
        } catch (IOException e) {
            throw new ConfigException("classpath:/config/jurisdictions.yaml", "", "cannot read");
        }
    }

    private static JurisdictionRules jurisdictions(ConfigNode root) {
        root.allowOnly(Set.of("version", "jurisdictions"));
        String version = root.string("version");
        Map<String, JurisdictionRule> rules = new LinkedHashMap<>();
        JurisdictionRule fallback = null;
        for (Map.Entry<String, ConfigNode> e : root.objectsByName("jurisdictions").entrySet()) {
            String code = e.getKey();
            if (!"default".equals(code) && !code.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
                throw root.error("jurisdictions." + code, "region codes look like US-CA or GB (or 'default')");
            }
            JurisdictionRule rule = jurisdiction(code, e.getValue());
            if ("default".equals(code)) {
                fallback = rule;
            } else {
                rules.put(code, rule);
            }
        }
        if (fallback == null) {
            throw root.error("jurisdictions.default", "missing: a rule for every region not listed is required");
        }
        return new JurisdictionRules(version, rules, fallback);
    }

    private static JurisdictionRule jurisdiction(String code, ConfigNode n) {
        n.allowOnly(Set.of("name", "regime", "gpcRequired", "minorAge", "whenNoRecord", "unknownAgeAs"));
        Regime regime = n.parsed("regime", Regime::fromConfigName);
        String whenNoRecord = n.string("whenNoRecord", "strip");
        if (!"strip".equals(whenNoRecord)) {
            // Invariant 1 of the design: missing consent means strip. Not configurable on purpose.
            throw n.error("whenNoRecord", "only 'strip' is allowed: a device with no consent record never shares identity");
        }
        AgeBand unknownAs = n.has("unknownAgeAs") ? n.parsed("unknownAgeAs", AgeBand::fromWireName) : AgeBand.ADULT;
        try {
            return new JurisdictionRule(code, regime, n.bool("gpcRequired"),
                    n.integer("minorAge", 18, 0, 99), unknownAs);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage().contains("minor age") ? "minorAge" : "unknownAgeAs", e.getMessage());
        }
    }

    static String writerId(String text) {
        if (!text.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("must be 1-64 of [A-Za-z0-9_.-]");
        }
        return text;
    }

    /** The host name, so two instances on two hosts never share a chain by accident. */
    public static String defaultWriterId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "gateway";
            }
        }
        String id = host.replaceAll("[^A-Za-z0-9_.-]", "-");
        return id.isEmpty() ? "gateway" : id.substring(0, Math.min(64, id.length()));
    }
}
