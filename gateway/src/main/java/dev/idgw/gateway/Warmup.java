package dev.idgw.gateway;

import dev.idgw.gateway.auction.AdPodService;
import dev.idgw.gateway.auction.PartnerDirectory;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.consent.ConsentStore;
import dev.idgw.gateway.fanout.PartnerClient;
import dev.idgw.gateway.http.OperatorRoutes;
import dev.idgw.gateway.http.PartnerKeysRoute;
import dev.idgw.gateway.http.OverloadGuard;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.ops.PlayerRequestMeters;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves ad requests through the real request path before the player port opens, so the first players
 * are not the ones who pay for class loading and JIT: a cold JVM answered its first request in ~450 ms
 * here, past every partner timeout and the 50 ms consent timeout, and went on spending a large share of
 * its CPU compiling for tens of seconds under load. So the consented part keeps going until the JIT has
 * caught up ({@link JitSettling}) or the budget ({@code server.warmup}, default 10 s) is spent. The requests go
 * to a throwaway listener on a loopback port and from there to a canned bidder inside this JVM:
 * nothing reaches a real partner. First devices without records (the strip path, through the gateway's
 * own consent store and cache), then devices with throwaway records that share, appending to a
 * throwaway chain ({@link WarmupConsentedPath}): nothing is written to the real ledger or consent keys.
 * Last, {@link PartnerWarmup} opens the connections to the real partners (identity-free test requests),
 * so the first player after ready finds them open.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    /** Its listeners' and client's name in Vert.x's HTTP meters, so warm-up traffic is told apart. */
    private static final String WARMUP = "warmup";
    /** The strip path's share, and the least of each part before the JIT is asked whether it caught up. */
    private static final int REQUESTS = 400;
    private static final int CONCURRENCY = 16;
    private static final long WAIT_SECONDS = 30;
    /** Below this much budget left, the consented part is skipped rather than rushed. */
    private static final long MIN_CONSENTED_MILLIS = 500;
    /**
     * The most of the budget kept for opening the partners' connections (a partner that hangs costs at most
     * its warm-up allowance there), so a slow in-JVM warm-up cannot leave none for it.
     */
    private static final long MAX_PARTNER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Warmup() {
    }

    /**
     * Builds an {@link AdPodService} over the given stores and partners with the root's wiring (partner client,
     * pseudonym keys, rules, auction settings, clock), so the warm-up builds none of its parts itself.
     */
    @FunctionalInterface
    interface AdPodServices {
        AdPodService over(ConsentStore consent, ShareLog shareLog, PartnerDirectory partners);
    }

    /**
     * What the warm-up drives, all built by the composition root: the gateway's own consent store and share
     * log (the strip path runs on them), the links the throwaway consented path seeds its keys through, the
     * partner client whose pool it fills, how many listener instances the player port will have, and the
     * root's clock (the throwaway records' stamps) and ticker (the budget, the listeners' head deadline).
     */
    record Parts(ConsentStore consent, ShareLog shareLog, RedisLink consentLink, RedisLink shareLogLink,
                 PartnerClient partnerClient, AdPodServices services, int instances, Clock clock, Ticker ticker) {
    }

    static void run(Vertx vertx, GatewayConfig config, Parts parts) {
        String keyPrefix = config.redis().keyPrefix();
        List<PartnerProfile> realPartners = config.partners();
        Duration budget = config.server().warmup();
        int instances = parts.instances();
        Ticker ticker = parts.ticker();
        // Warm-up never holds startup longer than its budget, however slow the machine is.
        long budgetNanos = budget.toNanos();
        long start = ticker.nanos();
        JitSettling jit = JitSettling.ofThisJvm();
        long partnerNanos = realPartners.isEmpty() ? 0 : Math.min(MAX_PARTNER_NANOS, realPartners.stream()
                .mapToLong(p -> PartnerWarmup.allowance(p, Duration.ofNanos(MAX_PARTNER_NANOS)).toNanos()).max()
                .orElse(0) + TimeUnit.MILLISECONDS.toNanos(100));
        long inJvmNanos = budgetNanos - partnerNanos;
        HttpServer bidder = null;
        HttpClient player = null;
        int sent = 0;
        try {
            bidder = vertx.createHttpServer(new HttpServerOptions().setMetricsName(WARMUP))
                    .requestHandler(req -> req.body().onSuccess(body -> req.response()
                            .putHeader("Content-Type", "application/json").end(cannedBids(body.toJsonObject()))))
                    .listen(0, "127.0.0.1").await(WAIT_SECONDS, TimeUnit.SECONDS);
            // Signing warmed too when some partner gets signed requests: Ed25519 run cold costs milliseconds.
            boolean signing = realPartners.stream().anyMatch(PartnerProfile::signRequests);
            PartnerDirectory partners = new PartnerDirectory(partners(bidder.actualPort(), signing), Map.of());
            player = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMetricsName(WARMUP));
            // The gateway's own stores, devices without records: the strip path and the consent cache.
            AdPodService unknownDevices = parts.services().over(parts.consent(), parts.shareLog(), partners);
            sent += serve(vertx, unknownDevices, player, instances, ticker, n -> UUID.randomUUID().toString(), start,
                    inJvmNanos / 2, REQUESTS, null);
            // Throwaway records and chain: the path that shares and appends, without touching the ledger.
            long leftMillis = (inJvmNanos - (ticker.nanos() - start)) / 1_000_000;
            Optional<WarmupConsentedPath> consented = leftMillis < MIN_CONSENTED_MILLIS ? Optional.empty()
                    : WarmupConsentedPath.seed(parts.consentLink(), parts.shareLogLink(), keyPrefix, leftMillis / 2,
                    parts.clock(), ticker);
            if (consented.isPresent()) {
                try (WarmupConsentedPath path = consented.get()) {
                    AdPodService sharing = parts.services().over(path.consent(), path.shareLog(), partners);
                    sent += serve(vertx, sharing, player, instances, ticker, path::device, start, inJvmNanos, REQUESTS,
                            jit);
                }
            } else if (leftMillis > 0) {
                // No consented path (Redis slow or refusing the throwaway keys): the strip path takes the rest.
                sent += serve(vertx, unknownDevices, player, instances, ticker, n -> UUID.randomUUID().toString(),
                        start, inJvmNanos, REQUESTS, jit);
            }
            LOG.info("warmed up with {} requests in {} ms{}; JIT {}", sent, (ticker.nanos() - start) / 1_000_000,
                    consented.isPresent() ? "" : " (without the consented path)",
                    jit.caughtUp() ? "caught up" : "still compiling (budget spent)");
        } catch (Exception e) {
            LOG.warn("warm-up did not complete ({}); serving anyway", e.getClass().getSimpleName());
        } finally {
            if (player != null) {
                player.close();
            }
            if (bidder != null) {
                bidder.close();
            }
        }
        // Last, so the connections have idled the least when the port opens; what is left of the budget,
        // at least the slice kept for it. Never throws: a partner that is down or hangs costs its warm-up
        // allowance at most, never readiness.
        long leftNanos = Math.max(partnerNanos, budgetNanos - (ticker.nanos() - start));
        PartnerWarmup.run(parts.partnerClient(), realPartners, config.fanOut().maxConnectionsPerPartner(),
                Duration.ofNanos(leftNanos));
    }

    /**
     * Requests through {@code service} on a throwaway listener: at least {@code minRequests}, then on while
     * {@code untilSettled} says the JIT is still busy (with none, stop there), never past the budget
     * ({@code budgetNanos} after {@code start}, on {@code ticker}).
     */
    private static int serve(Vertx vertx, AdPodService service, HttpClient player, int instances, Ticker ticker,
                             IntFunction<String> devices, long start, long budgetNanos, int minRequests,
                             JitSettling untilSettled) throws Exception {
        List<PlayerVerticle> verticles = new ArrayList<>();
        ServerSettings local = ServerSettings.onPort(0).withHost("127.0.0.1");
        String deployment = vertx.deployVerticle(() -> {
            // Its own listener name and no gateway meters: warm-up traffic is not player traffic.
            PlayerVerticle v = new PlayerVerticle(service, local, new OverloadGuard(Integer.MAX_VALUE, Long.MAX_VALUE,
                    instances), OperatorRoutes.none(), PartnerKeysRoute.none(), PlayerRequestMeters.none(), WARMUP, ticker);
            verticles.add(v);
            return v;
        }, new DeploymentOptions().setInstances(instances)).await(WAIT_SECONDS, TimeUnit.SECONDS);
        int sent = 0;
        try {
            int port = verticles.get(0).actualPort();
            for (int i = 0; ticker.nanos() - start < budgetNanos; i += CONCURRENCY) {
                if (i >= minRequests && (untilSettled == null || untilSettled.settled())) {
                    break;
                }
                sent += CONCURRENCY;
                List<Future<?>> batch = new ArrayList<>();
                for (int j = i; j < i + CONCURRENCY; j++) {
                    batch.add(send(player, port, j, devices.apply(j)));
                }
                Future.join(batch).await(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            try {
                vertx.undeploy(deployment).await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("warm-up listener did not stop cleanly ({})", e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    private static Future<?> send(HttpClient client, int port, int n, String device) {
        String body = n % 3 == 0 ? structuredPod(n) : dynamicPod(n, device);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/openrtb2/adpod").putHeader("Content-Type", "application/json");
        if (n % 4 == 0) {
            options.putHeader("Accept", "application/xml");
        }
        if (n % 5 == 0) {
            options.putHeader("Sec-GPC", "1");
        }
        // body() must be asked for as soon as the response arrives, on its own context; chained one step
        // later from this (non-Vert.x) thread, the body may already be gone and the future never completes.
        return client.request(options).compose(req -> req.send(body).compose(resp -> resp.body()));
    }

    private static String dynamicPod(int n, String device) {
        return "{\"id\":\"warmup-" + n + "\",\"tmax\":500,\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"],"
                + "\"podid\":\"p\",\"poddur\":60,\"maxseq\":4,\"minduration\":5,\"maxduration\":30}}],"
                + "\"app\":{\"bundle\":\"warmup\",\"content\":{\"title\":\"Warm up\"}},\"device\":{\"ifa\":\""
                + device + "\",\"ip\":\"192.0.2." + (n % 250 + 1) + "\",\"devicetype\":3,\"ua\":\"warmup\"},"
                + "\"user\":{\"id\":\"x\"},\"regs\":{\"us_privacy\":\"1YNN\",\"gpp\":\"DBABLA~BFQqAAAAAACA.QA\",\"gpp_sid\":[7]}}";
    }

    private static String structuredPod(int n) {
        StringBuilder imps = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            imps.append(i > 1 ? "," : "").append("{\"id\":\"s").append(i).append("\",\"video\":{\"mimes\":[\"video/mp4\"],")
                    .append("\"podid\":\"a\",\"minduration\":5,\"maxduration\":30}}");
        }
        return "{\"id\":\"warmup-" + n + "\",\"imp\":[" + imps + "],\"site\":{\"domain\":\"warmup.example\"},"
                + "\"device\":{\"ipv6\":\"2001:db8::" + Integer.toHexString(n + 1) + "\",\"lmt\":" + (n % 2) + "}}";
    }

    private static String cannedBids(JsonObject request) {
        JsonArray bids = new JsonArray();
        JsonArray imps = request.getJsonArray("imp", new JsonArray());
        for (int i = 0; i < imps.size(); i++) {
            String impId = imps.getJsonObject(i).getString("id");
            for (int b = 0; b < 2; b++) {
                int dur = b == 0 ? 15 : 30;
                bids.add(new JsonObject().put("id", "w" + i + "-" + b).put("impid", impId).put("price", 1.0 + b)
                        .put("adm", "<VAST version=\"4.2\"><Ad id=\"w\"><InLine><AdSystem>warmup</AdSystem><AdTitle>w"
                                + "</AdTitle><Creatives><Creative><Linear><Duration>00:00:" + dur
                                + "</Duration></Linear></Creative></Creatives></InLine></Ad></VAST>")
                        .put("adomain", new JsonArray().add("w" + i + b + ".example")).put("crid", "c").put("dur", dur)
                        .put("mtype", 2));
            }
        }
        return new JsonObject().put("id", request.getString("id")).put("cur", "USD")
                .put("seatbid", new JsonArray().add(new JsonObject().put("seat", "warmup").put("bid", bids))).encode();
    }

    private static List<PartnerProfile> partners(int port, boolean sign) {
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/bid");
        List<PartnerProfile> out = new ArrayList<>();
        for (PartnerRole role : PartnerRole.values()) {
            out.add(new PartnerProfile("warmup-" + role.configName().replace('_', '-'), endpoint, role, "warm-up",
                    EnumSet.allOf(Field.class), EmailHashFormat.SHA256_HEX, "warmup.example",
                    StrippedIpHandling.TRUNCATE, Duration.ofMillis(500), sign));
        }
        return out;
    }
}
