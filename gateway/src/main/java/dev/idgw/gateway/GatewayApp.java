package dev.idgw.gateway;

import dev.idgw.gateway.archive.ArchiveDirectory;
import dev.idgw.gateway.archive.Archiver;
import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.auction.PartnerDirectory;
import dev.idgw.gateway.auction.Policy;
import dev.idgw.gateway.compliance.BearerTokens;
import dev.idgw.gateway.compliance.ComplianceApi;
import dev.idgw.gateway.compliance.ComplianceService;
import dev.idgw.gateway.compliance.PullAudit;
import dev.idgw.gateway.compliance.ShareLogReader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.config.PolicyFiles;
import dev.idgw.gateway.consent.ConsentCache;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentStore;
import dev.idgw.gateway.consent.AccountChoices;
import dev.idgw.gateway.consent.GpcSightings;
import dev.idgw.gateway.consentapi.ConsentApi;
import dev.idgw.gateway.intake.AdPodRequestParser;
import dev.idgw.gateway.preview.PreviewApi;
import dev.idgw.gateway.preview.PreviewRequestParser;
import dev.idgw.gateway.preview.PreviewService;
import dev.idgw.gateway.consentapi.ConsentService;
import dev.idgw.gateway.console.ConsoleRoutes;
import dev.idgw.gateway.optout.GpcFollowUp;
import dev.idgw.gateway.requests.ConsumerRequestLog;
import dev.idgw.gateway.requests.ConsumerRequestReader;
import dev.idgw.gateway.fanout.GuardSettings;
import dev.idgw.gateway.fanout.PartnerClient;
import dev.idgw.gateway.fanout.PartnerGuards;
import dev.idgw.gateway.http.OperatorRoutes;
import dev.idgw.gateway.http.PartnerKeysRoute;
import dev.idgw.gateway.http.OverloadGuard;
import dev.idgw.gateway.ops.AuctionMeters;
import dev.idgw.gateway.ops.GatewayGauges;
import dev.idgw.gateway.ops.GatewayMetrics;
import dev.idgw.gateway.ops.HeadTimeoutCounter;
import dev.idgw.gateway.ops.PlayerRequestMeters;
import dev.idgw.gateway.ops.Readiness;
import dev.idgw.gateway.ops.RedisProbe;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.reload.PolicyReloader;
import dev.idgw.gateway.sharelog.CheckpointSigner;
import dev.idgw.gateway.sharelog.Checkpointer;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.WriterLease;
import dev.idgw.gateway.signing.PublishedPartnerKeys;
import dev.idgw.gateway.signing.RequestSigner;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.keys.HmacKey;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.KeyRing;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.PartnerProfile;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: everything the gateway is made of is created here, once, from a
 * {@link GatewayConfig}. Blocking setup (key files, the first Redis connection) happens in
 * {@link #start} on the caller's thread, never on an event loop.
 */
public final class GatewayApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);
    private static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final KeyRingHolder keys;
    private final RedisLink consentLink;
    private final RedisLink shareLogLink;
    private final WriterLease writerLease;
    private final PartnerClient partnerClient;
    private final ShareLog shareLog;
    private final Checkpointer checkpointer;
    private final ConsentCache consentCache; // null when off
    private final AdPodService service;
    private final RedisProbe probe;
    private final Archiver archiver;
    private final AtomicReference<PlayerVerticle> firstPlayer = new AtomicReference<>();
    private final InternalApiVerticle internal; // null when the internal listener is off
    /** The one part started after {@link #start}: watching the policy files is the caller's choice. */
    private final AtomicReference<PolicyReloader> reloader = new AtomicReference<>();

    private GatewayApp(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, KeyRingHolder keys,
                       RedisLink consentLink, RedisLink shareLogLink, WriterLease writerLease, PartnerClient partnerClient,
                       ShareLog shareLog, Checkpointer checkpointer, ConsentCache consentCache, AdPodService service,
                       RedisProbe probe, Archiver archiver, InternalApiVerticle internal) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.keys = keys;
        this.consentLink = consentLink;
        this.shareLogLink = shareLogLink;
        this.writerLease = writerLease;
        this.partnerClient = partnerClient;
        this.shareLog = shareLog;
        this.checkpointer = checkpointer;
        this.consentCache = consentCache;
        this.service = service;
        this.probe = probe;
        this.archiver = archiver;
        this.internal = internal;
    }

    /**
     * Starts the gateway with metrics of its own and returns once it listens. Vert.x's own HTTP meters need
     * a Vert.x made by {@link GatewayMetrics#newVertx()}: use {@link #start(Vertx, GatewayConfig, GatewayMetrics)}.
     */
    public static GatewayApp start(Vertx vertx, GatewayConfig config) {
        return start(vertx, config, GatewayMetrics.create(config.metrics()));
    }

    /**
     * Starts the gateway and returns once it listens; from now on it owns {@code metrics} (closed with it).
     * Call from a thread that may block.
     */
    public static GatewayApp start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
        return start(vertx, config, metrics, null);
    }

    /**
     * Starts the gateway with its writer's lease already taken ({@code lease}; the demo takes it before it
     * deletes its old keys), or takes it here ({@code null}). Fixed ports are tried first, before Redis is
     * touched or the warm-up runs; another running instance with the same writer id on the same Redis makes
     * this one refuse to start ({@link WriterLease.LeaseHeldElsewhere}).
     */
    public static GatewayApp start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, WriterLease lease) {
        return start(vertx, config, metrics, lease, Clock.systemUTC());
    }

    /**
     * Like {@link #start(Vertx, GatewayConfig, GatewayMetrics, WriterLease)}, on wall time from {@code clock}:
     * the one clock of the process (tests move it across a jurisdiction rule's start date).
     */
    public static GatewayApp start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, WriterLease lease,
                                   Clock clock) {
        Listener player = new Listener("player listener", config.server().host(), config.server().port());
        Listener internal = new Listener("internal listener", config.compliance().host(), config.compliance().port());
        Listener.requireFree(config.compliance().enabled() ? List.of(player, internal) : List.of(player));
        // The only clocks: wall time (clock) for records, checkpoints and which jurisdiction rule is in force,
        // monotonic time for deadlines, breakers, the writer's lease and cache bounds.
        Ticker ticker = Ticker.SYSTEM;
        KeyDirectory keyDir = KeyDirectory.at(config.keysDir());
        KeyRingHolder keys = KeyRingHolder.open(keyDir, config.partnerSigning().rotation(), clock);
        // On Vert.x's event loops: replies are read where requests are served, not on threads of Lettuce's own.
        RedisLink consentLink = RedisLink.open("consent", config.redis(), FIRST_CONNECT_WAIT, vertx, ticker);
        RedisLink shareLogLink = RedisLink.open("sharelog", config.redis(), FIRST_CONNECT_WAIT, vertx, ticker);
        WriterLease writerLease;
        try {
            writerLease = lease != null ? lease : WriterLease.take(shareLogLink,
                    new ShareLogKeys(config.redis().keyPrefix(), config.writerId()), config.shareLog().leaseTtl(),
                    config.redis().displayName(), "stop the other instance, or give this one its own shareLog.writerId",
                    ticker);
        } catch (RuntimeException e) {
            consentLink.close();
            shareLogLink.close();
            throw e;
        }
        writerLease.keep(vertx, shareLogLink);
        try {
            return start(vertx, config, metrics, keyDir, keys, consentLink, shareLogLink, writerLease, player, internal,
                    clock, ticker);
        } catch (RuntimeException e) {
            writerLease.close(); // a start that failed must not keep a restart waiting for the TTL
            throw e;
        }
    }

    private static GatewayApp start(Vertx vertx, GatewayConfig config, GatewayMetrics metrics, KeyDirectory keyDir,
                                    KeyRingHolder keys, RedisLink consentLink, RedisLink shareLogLink,
                                    WriterLease writerLease, Listener player, Listener internal, Clock clock,
                                    Ticker ticker) {
        String prefix = config.redis().keyPrefix();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        // Partner requests are signed with keys of their own, on the one wall clock (created/expires, key schedule).
        PartnerClient partnerClient = new PartnerClient(vertx, config.fanOut(),
                new RequestSigner(keys::partnerRequestKeys, config.partnerSigning(), clock));
        ShareLog shareLog = new ShareLog(shareLogLink, prefix, config.writerId(), writerLease::held, ticker);
        shareLog.open();
        Checkpointer checkpointer = new Checkpointer(vertx, shareLogLink, shareLog, () -> signer(keys.get()),
                config.shareLog().checkpointEvery(), config.shareLog().checkpointInterval(), clock);
        ConsentCache consentCache = ConsentCache.on(consentLink, config.consentCache(), ticker);
        ConsentStore consent = new ConsentStore(consentLink, new ConsentKeys(prefix), consentCache);
        PartnerGuards guards = new PartnerGuards(config.fanOut().guards(), ticker);
        AdPodService service = new AdPodService(consent, shareLog, partnerClient, guards, keys::pseudonyms,
                directory(keyDir, config.partners()), config.jurisdictions(), config.auction(), clock, ticker,
                new AuctionMeters(metrics.registry(), config.partners(), id -> guards.state(id)),
                gpcFollowUp(consentLink, prefix, keys, consentCache, clock, ticker));
        List<RedisLink> links = List.of(consentLink, shareLogLink);
        Readiness readiness = new Readiness(links, shareLog, keys);
        RedisProbe probe = RedisProbe.start(vertx, links, shareLog);
        // The warm-up's services: the same wiring over throwaway stores and a canned bidder, guards of their own.
        Warmup.AdPodServices warmupServices = (store, log, partners) -> new AdPodService(store, log, partnerClient,
                new PartnerGuards(GuardSettings.defaults(), ticker), keys::pseudonyms, partners, config.jurisdictions(),
                config.auction(), clock, ticker);
        Warmup.run(vertx, config, new Warmup.Parts(consent, shareLog, consentLink, shareLogLink, partnerClient,
                warmupServices, instances, clock, ticker));
        readiness.warmedUp();
        Archiver archiver = new Archiver(shareLogLink, shareLog.keys(), new ArchiveDirectory(config.archive().dir()),
                config.archive(), () -> signer(keys.get()), clock);
        OverloadGuard overload = new OverloadGuard(config.server().maxInFlight(),
                config.server().maxEventLoopLag().toMillis(), instances);
        new GatewayGauges(metrics.registry()).redis(consentLink).redis(shareLogLink).consentCache(consentCache)
                .shareLog(shareLog, checkpointer).overload(overload::inFlight, overload::worstLag).readiness(readiness);
        OperatorRoutes operator = new OperatorRoutes(metrics, readiness);
        PartnerKeysRoute partnerKeys = new PartnerKeysRoute(
                new PublishedPartnerKeys(keys::partnerRequestKeys, config.partnerSigning(), clock));
        PlayerRequestMeters playerMeters = new PlayerRequestMeters(metrics.registry());
        InternalApiVerticle internalApi = config.compliance().enabled()
                ? internalApi(vertx, config, keys, consentLink, shareLogLink, consentCache, consent, service, operator,
                metrics, clock, ticker) : null;
        GatewayApp app = new GatewayApp(vertx, config, metrics, keys, consentLink, shareLogLink, writerLease,
                partnerClient, shareLog, checkpointer, consentCache, service, probe, archiver, internalApi);
        checkpointer.start();
        if (config.archive().enabled()) {
            archiver.start();
        }
        keys.watch(vertx);
        Listener listening = player;
        try {
            vertx.deployVerticle(() -> {
                PlayerVerticle v = new PlayerVerticle(service, config.server(), overload, operator, partnerKeys, playerMeters,
                        "player", ticker);
                app.firstPlayer.compareAndSet(null, v);
                return v;
            }, new DeploymentOptions().setInstances(instances)).await(30, TimeUnit.SECONDS);
            listening = internal;
            if (internalApi != null) {
                vertx.deployVerticle(internalApi, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                        .await(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            app.close();
            throw listening.couldNotListen(e);
        }
        return app;
    }

    /** The internal listener: compliance pulls, the consent API and the preview, one set of bearer tokens for all. */
    private static InternalApiVerticle internalApi(Vertx vertx, GatewayConfig config, KeyRingHolder keys,
                                                   RedisLink consentLink, RedisLink shareLogLink,
                                                   ConsentCache consentCache, ConsentStore consent,
                                                   AdPodService service,
                                                   OperatorRoutes operator, GatewayMetrics metrics, Clock clock,
                                                   Ticker ticker) {
        String prefix = config.redis().keyPrefix();
        BearerTokens tokens = new BearerTokens(config.compliance().tokens());
        // Consumer-request records are written beside the consent writes and read (long scans) on the share-log
        // connection, as the other compliance pulls are, so a yearly report never queues behind consent reads.
        ConsumerRequestLog requestLog = new ConsumerRequestLog(consentLink, prefix, clock);
        ComplianceApi compliance = new ComplianceApi(vertx, new ComplianceService(new ShareLogReader(vertx,
                shareLogLink, prefix, new ArchiveDirectory(config.archive().dir())), keys),
                new PullAudit(shareLogLink, prefix, clock), tokens, keys, new ConsumerRequestReader(shareLogLink, prefix),
                requestLog, clock);
        ConsentApi consentApi = new ConsentApi(vertx, new ConsentService(consentLink, prefix, keys::pseudonyms, clock,
                invalidator(consentCache), () -> service.policy().rules(), requestLog), tokens, clock);
        // The preview reads consent past the cache and decides with the auction's policy in force.
        PreviewApi preview = new PreviewApi(vertx, new PreviewService(consent, service::policy, config.auction(), clock),
                new PreviewRequestParser(new AdPodRequestParser(config.server().trustedProxies())), tokens,
                config.server().maxBodyBytes() + ConsentApi.MAX_BODY_BYTES);
        return new InternalApiVerticle(compliance, consentApi, new ConsoleRoutes(tokens), preview, config.server(),
                config.compliance(), operator,
                new HeadTimeoutCounter(metrics.registry(), "internal"), ticker);
    }

    /** What an ad request's GPC does beyond the request: remembered, the linked account turned, each recorded. */
    private static GpcFollowUp gpcFollowUp(RedisLink consentLink, String prefix, KeyRingHolder keys,
                                           ConsentCache consentCache, Clock clock, Ticker ticker) {
        ConsentKeys consentKeys = new ConsentKeys(prefix);
        return new GpcFollowUp(new GpcSightings(consentLink, consentKeys, clock),
                new AccountChoices(consentLink, consentKeys, invalidator(consentCache)),
                new ConsumerRequestLog(consentLink, prefix, clock), keys::pseudonyms, clock, ticker);
    }

    /** Told every consent record this instance writes: its own cache drops it at once (no wait for Redis's push). */
    private static Consumer<String> invalidator(ConsentCache consentCache) {
        return key -> {
            if (consentCache != null) {
                consentCache.invalidate(key);
            }
        };
    }

    /** The partners with the per-partner email keys HMAC partners need (created on first use). */
    private static PartnerDirectory directory(KeyDirectory keyDir, List<PartnerProfile> partners) {
        Map<String, KeyedHasher> emailKeys = new HashMap<>();
        for (PartnerProfile p : partners) {
            if (p.emailHashFormat() == EmailHashFormat.HMAC_SHA256_HEX) {
                emailKeys.put(p.id(), new KeyedHasher(loadKey(keyDir, "email-" + p.id())));
            }
        }
        return new PartnerDirectory(partners, emailKeys);
    }

    /**
     * Reloads partner profiles and jurisdiction rules from {@code files} when they change or on SIGHUP
     * (see {@link PolicyReloader}); checks the files every {@code every}.
     */
    public PolicyReloader watchPolicy(PolicyFiles files, Duration every) {
        KeyDirectory keyDir = KeyDirectory.at(config.keysDir());
        PolicyReloader reloader = new PolicyReloader(vertx, files,
                (partners, rules) -> Policy.of(directory(keyDir, partners), rules), service::policy, service::reload);
        PolicyReloader previous = this.reloader.getAndSet(reloader.start(every));
        if (previous != null) {
            previous.close(); // one watch at a time
        }
        return reloader;
    }

    /** The partner profiles, rules and version in force. */
    public Policy policy() {
        return service.policy();
    }

    private static CheckpointSigner signer(KeyRing ring) {
        return CheckpointSigner.of(ring.signingKey());
    }

    private static HmacKey loadKey(KeyDirectory keys, String purpose) {
        try {
            return keys.activeOrCreate(purpose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + purpose + " key in " + keys.path()
                    + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return firstPlayer.get().actualPort();
    }

    /** The compliance listener's port, or -1 when it is disabled. */
    public int compliancePort() {
        return internal == null ? -1 : internal.actualPort();
    }

    public KeyRing keys() {
        return keys.get();
    }

    public dev.idgw.gateway.sharelog.ShareLogKeys shareLogKeys() {
        return shareLog.keys();
    }

    public dev.idgw.gateway.sharelog.ChainHead shareLogHead() {
        return shareLog.acknowledgedHead();
    }

    /** The archiver of this instance's writer (also when scheduled archiving is off, to run by hand). */
    public Archiver archiver() {
        return archiver;
    }

    public Checkpointer checkpointer() {
        return checkpointer;
    }

    public GatewayConfig config() {
        return config;
    }

    public ShareLog shareLog() {
        return shareLog;
    }

    /** What the player path has done since start (the stop line says the same). */
    public AdPodService.Totals totals() {
        return service.totals();
    }

    /**
     * Stops listening, lets in-flight requests finish, writes a final checkpoint, then disconnects. Call
     * before closing the Vert.x it started on (the Redis links run on its event loops; were Vert.x closed
     * first, they would close with it, before the final checkpoint).
     */
    @Override
    public void close() {
        {
            AdPodService.Totals totals = service.totals();
            LOG.info("stopping after {} ad requests: {} with an acknowledged share record, {} sent stripped because "
                    + "the share log could not record them", totals.served(), totals.shareRecorded(),
                    totals.sentStrippedForTheLedger());
        }
        keys.stop(vertx);
        probe.close();
        archiver.close();
        try {
            vertx.deploymentIDs().forEach(id -> {
                try {
                    vertx.undeploy(id).await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // closing anyway
                }
            });
            checkpointer.close();
        } finally {
            writerLease.close(); // after the final checkpoint: nothing of this instance's is written after it
            partnerClient.close();
            shareLog.close();
            PolicyReloader watching = reloader.getAndSet(null);
            if (watching != null) {
                watching.close();
            }
            if (consentCache != null) {
                consentCache.close();
            }
            consentLink.close();
            shareLogLink.close();
            metrics.close();
        }
    }
}
