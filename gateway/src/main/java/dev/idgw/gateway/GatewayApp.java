package dev.idgw.gateway;

import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.auction.PartnerDirectory;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentStore;
import dev.idgw.gateway.fanout.PartnerClient;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.PartnerProfile;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The composition root: everything the gateway is made of is created here, once, from a
 * {@link GatewayConfig}. Blocking setup (key files, the first Redis connection) happens in
 * {@link #start} on the caller's thread, never on an event loop.
 */
public final class GatewayApp implements AutoCloseable {
    public static final String PSEUDONYM_KEY_PURPOSE = "pseudonym";
    private static final Duration FIRST_CONNECT_WAIT = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RedisLink consentLink;
    private final RedisLink shareLogLink;
    private final PartnerClient partnerClient;
    private final ShareLog shareLog;
    private int port;

    private GatewayApp(Vertx vertx, GatewayConfig config, RedisLink consentLink, RedisLink shareLogLink,
                       PartnerClient partnerClient, ShareLog shareLog) {
        this.vertx = vertx;
        this.config = config;
        this.consentLink = consentLink;
        this.shareLogLink = shareLogLink;
        this.partnerClient = partnerClient;
        this.shareLog = shareLog;
    }

    /** Starts the gateway and returns once it listens. Call from a thread that may block. */
    public static GatewayApp start(Vertx vertx, GatewayConfig config) {
        KeyDirectory keys = KeyDirectory.at(config.keysDir());
        KeyedHasher pseudonyms = new KeyedHasher(loadKey(keys, PSEUDONYM_KEY_PURPOSE));
        Map<String, KeyedHasher> emailKeys = new HashMap<>();
        for (PartnerProfile p : config.partners()) {
            if (p.emailHashFormat() == EmailHashFormat.HMAC_SHA256_HEX) {
                emailKeys.put(p.id(), new KeyedHasher(loadKey(keys, "email-" + p.id())));
            }
        }
        RedisLink consentLink = RedisLink.open("consent", config.redis(), FIRST_CONNECT_WAIT);
        RedisLink shareLogLink = RedisLink.open("sharelog", config.redis(), FIRST_CONNECT_WAIT);
        PartnerClient partnerClient = new PartnerClient(vertx, config.fanOut());
        ShareLog shareLog = new ShareLog(shareLogLink, config.redis().keyPrefix(), config.writerId());
        ConsentStore consent = new ConsentStore(consentLink, new ConsentKeys(config.redis().keyPrefix()));
        Warmup.run(vertx.getOrCreateContext(), consent, config.partners(), config.jurisdictions());
        AdPodService service = new AdPodService(consent, shareLog, partnerClient,
                pseudonyms, new PartnerDirectory(config.partners(), emailKeys), config.jurisdictions(), config.auction(),
                Clock.systemUTC());
        GatewayApp app = new GatewayApp(vertx, config, consentLink, shareLogLink, partnerClient, shareLog);
        AtomicReference<PlayerVerticle> first = new AtomicReference<>();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        Future<String> deployed = vertx.deployVerticle(() -> {
            PlayerVerticle v = new PlayerVerticle(service, config.server());
            first.compareAndSet(null, v);
            return v;
        }, new DeploymentOptions().setInstances(instances));
        try {
            deployed.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            app.close();
            throw new IllegalStateException("could not listen on " + config.server().host() + ":" + config.server().port()
                    + ": " + e.getMessage(), e);
        }
        app.port = first.get().actualPort();
        return app;
    }

    private static dev.idgw.keys.HmacKey loadKey(KeyDirectory keys, String purpose) {
        try {
            return keys.activeOrCreate(purpose);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the " + purpose + " key in " + keys.path()
                    + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public GatewayConfig config() {
        return config;
    }

    public ShareLog shareLog() {
        return shareLog;
    }

    @Override
    public void close() {
        try {
            vertx.deploymentIDs().forEach(id -> {
                try {
                    vertx.undeploy(id).await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // closing anyway
                }
            });
        } finally {
            partnerClient.close();
            consentLink.close();
            shareLogLink.close();
        }
    }
}
