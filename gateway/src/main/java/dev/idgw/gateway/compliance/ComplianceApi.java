package dev.idgw.gateway.compliance;

import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.requests.ConsumerRequestLog;
import dev.idgw.gateway.requests.ConsumerRequestReader;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.CheckpointCodec;
import dev.idgw.keys.HmacKey;
import dev.idgw.keys.KeyRing;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.keys.PublicKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Routes of the compliance listener. Every route needs a bearer token with the compliance role (401
 * without one, 403 with a token lacking the role); every pull is recorded by {@link PullAudit}.
 */
public final class ComplianceApi {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    private static final String TOKEN = "token";

    private final Vertx vertx;
    private final ComplianceService service;
    private final BearerTokens tokens;
    private final Supplier<KeyRing> keys;
    private final PullAudit audit;
    private final ConsumerRequestRoutes requests;

    /**
     * @param audit records who pulled what (every authenticated pull, before it is answered)
     * @param requestReader, requestLog the consumer-request records (read for the listing and metrics; staff records appended)
     */
    public ComplianceApi(Vertx vertx, ComplianceService service, PullAudit audit, BearerTokens tokens,
                         Supplier<KeyRing> keys, ConsumerRequestReader requestReader, ConsumerRequestLog requestLog,
                         Clock clock) {
        this.requests = new ConsumerRequestRoutes(vertx, requestReader, requestLog, keys, clock, audit,
                ctx -> ctx.get(TOKEN));
        this.vertx = vertx;
        this.service = service;
        this.tokens = tokens;
        this.keys = keys;
        this.audit = audit;
    }

    /** Adds the compliance routes to {@code router} (before its catch-all routes). */
    public void mount(Router router) {
        router.route("/compliance/*").handler(this::authenticate);
        router.get("/compliance/v1/shares").handler(this::shares);
        router.get("/compliance/v1/subjects/:deviceId/shares").handler(this::subject);
        router.get("/compliance/v1/disclosures").handler(this::disclosures);
        router.get("/compliance/v1/verify").handler(this::verify);
        router.get("/compliance/v1/checkpoints").handler(this::checkpoints);
        router.get("/compliance/v1/keys").handler(this::publicKeys);
        requests.mount(router);
    }

    private void authenticate(RoutingContext ctx) {
        ctx.put(TOKEN, tokens.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), ApiToken.COMPLIANCE).name());
        ctx.next();
    }

    private void shares(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        String partner = ctx.queryParams().get("partner");
        String cursor = ctx.queryParams().get("cursor");
        int limit = limit(ctx.queryParams().get("limit"));
        boolean csv = wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT));
        service.shares(range, partner, cursor == null ? null : LogPosition.decode(cursor), limit, vertx.getOrCreateContext())
                .onSuccess(page -> {
                    StringBuilder body = new StringBuilder(csv ? ShareExport.CSV_HEADER : "");
                    for (LogEntry e : page.entries()) {
                        body.append(csv ? ShareExport.csvRows(e.decoded())
                                : ShareExport.ndjsonLine(e.stored().json(), e.stored().hash()));
                    }
                    if (page.next() != null) {
                        String next = page.next().encode();
                        ctx.response().putHeader("X-Next-Cursor", next)
                                .putHeader("Link", "<" + nextLink(ctx, next, List.of("from", "to", "partner", "limit"))
                                        + ">; rel=\"next\"");
                    }
                    audit.record(ctx.get(TOKEN), "shares", ctx.request().query(), page.entries().size());
                    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                            .end(body.toString());
                })
                .onFailure(ctx::fail);
    }

    private void subject(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128) {
            throw GatewayException.badRequest("deviceId: 1-128 characters");
        }
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        KeyRing ring = keys.get();
        Set<String> pseudonyms = new HashSet<>();
        for (HmacKey key : ring.hmacKeys().values()) {
            pseudonyms.add(new KeyedHasher(key).hex(ConsentKeys.normalizeDeviceId(deviceId)));
        }
        String current = new KeyedHasher(ring.hmacKey()).hex(ConsentKeys.normalizeDeviceId(deviceId));
        service.subject(pseudonyms, range, vertx.getOrCreateContext()).onSuccess(entries -> {
            StringBuilder body = new StringBuilder();
            for (LogEntry e : entries) {
                body.append(ShareExport.ndjsonLine(e.stored().json(), e.stored().hash()));
            }
            audit.record(ctx.get(TOKEN), "subject", "subject=" + current, entries.size());
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson").end(body.toString());
        }).onFailure(ctx::fail);
    }

    private void disclosures(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        service.disclosures(range, vertx.getOrCreateContext()).onSuccess(table -> {
            audit.record(ctx.get(TOKEN), "disclosures", ctx.request().query(), 0);
            json(ctx, table);
        }).onFailure(ctx::fail);
    }

    private void verify(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        service.verify(range, vertx.getOrCreateContext()).onSuccess(result -> {
            audit.record(ctx.get(TOKEN), "verify", ctx.request().query(), 0);
            json(ctx, result);
        }).onFailure(ctx::fail);
    }

    private void checkpoints(RoutingContext ctx) {
        service.checkpoints(vertx.getOrCreateContext()).onSuccess(byWriter -> {
            StringBuilder body = new StringBuilder();
            long n = 0;
            for (List<Checkpoint> list : byWriter.values()) {
                for (Checkpoint c : list) {
                    body.append(new JsonObject(new java.util.LinkedHashMap<String, Object>(CheckpointCodec.fields(c)))
                            .encode()).append('\n');
                    n++;
                }
            }
            audit.record(ctx.get(TOKEN), "checkpoints", ctx.request().query(), n);
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson").end(body.toString());
        }).onFailure(ctx::fail);
    }

    private void publicKeys(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
                .end(PublicKeys.toJwks(List.copyOf(keys.get().verificationKeys().values())));
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encodePrettily());
    }

    static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw GatewayException.badRequest("limit: a whole number from 1 to " + MAX_LIMIT);
    }

    static boolean wantsCsv(String accept) {
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    /** The next page's link: this path, the cursor, and the query parameters {@code carried} over. */
    static String nextLink(RoutingContext ctx, String cursor, List<String> carried) {
        StringBuilder q = new StringBuilder(ctx.normalizedPath()).append("?cursor=").append(cursor);
        for (String name : carried) {
            String v = ctx.queryParams().get(name);
            if (v != null) {
                q.append('&').append(name).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

}
