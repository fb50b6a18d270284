package dev.idgw.gateway.compliance;

import dev.idgw.gateway.body.IdFormats;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.requests.ConsumerRequestLog;
import dev.idgw.gateway.requests.ConsumerRequestReader;
import dev.idgw.gateway.requests.Pseudonyms;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.CheckpointCodec;
import dev.idgw.keys.KeyRing;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.keys.PublicKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
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
        router.get("/compliance/v1/accounts/:accountId/shares").handler(this::account);
        router.get("/compliance/v1/disclosures").handler(this::disclosures);
        router.get("/compliance/v1/verify").handler(this::verify);
        router.get("/compliance/v1/checkpoints").handler(this::checkpoints);
        router.get("/compliance/v1/keys").handler(this::publicKeys);
        router.get("/compliance/v1/audit").handler(this::audit);
        router.get("/compliance/v1/archive").handler(ctx -> service.archive(vertx.getOrCreateContext())
                .onSuccess(listing -> {
                    audit.record(ctx.get(TOKEN), "archive", "", 0);
                    json(ctx, listing);
                }).onFailure(ctx::fail));
        requests.mount(router);
    }

    private void authenticate(RoutingContext ctx) {
        ctx.put(TOKEN, tokens.authorize(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), ApiToken.COMPLIANCE).name());
        ctx.next();
    }

    private void shares(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        String partner = ctx.queryParams().get("partner");
        String state = ctx.queryParams().get("state");
        String cursor = ctx.queryParams().get("cursor");
        int limit = limit(ctx.queryParams().get("limit"));
        Format format = Format.of(ctx);
        service.shares(range, partner, state, cursor == null ? null : LogPosition.decode(cursor), limit,
                        vertx.getOrCreateContext())
                .onSuccess(page -> {
                    if (page.next() != null) {
                        String next = page.next().encode();
                        ctx.response().putHeader("X-Next-Cursor", next).putHeader("Link", "<"
                                + nextLink(ctx, next, List.of("from", "to", "partner", "state", "limit", "view"))
                                + ">; rel=\"next\"");
                    }
                    audit.record(ctx.get(TOKEN), "shares", ctx.request().query(), page.entries().size());
                    format.send(ctx, page.entries());
                })
                .onFailure(ctx::fail);
    }

    private void subject(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128) {
            throw GatewayException.badRequest("deviceId: 1-128 characters");
        }
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        Format format = Format.of(ctx);
        KeyRing ring = keys.get();
        String current = new KeyedHasher(ring.hmacKey()).hex(ConsentKeys.normalizeDeviceId(deviceId));
        service.subject(DeviceIdSpellings.pseudonyms(Set.of(deviceId), ring), range, vertx.getOrCreateContext()).onSuccess(entries -> {
            audit.record(ctx.get(TOKEN), "subject", "subject=" + current, entries.size());
            format.send(ctx, entries);
        }).onFailure(ctx::fail);
    }

    /** An account's subject report: the records of every device its consent records link to it. */
    private void account(RoutingContext ctx) {
        String accountId = ctx.pathParam("accountId");
        if (accountId == null || !IdFormats.ACCOUNT_ID.matcher(accountId).matches()) {
            throw GatewayException.badRequest("accountId: 1-128 of letters, digits and . _ : @ -");
        }
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        Format format = Format.of(ctx);
        KeyRing ring = keys.get();
        String current = Pseudonyms.account(new KeyedHasher(ring.hmacKey()), accountId);
        service.accountDevices(accountId, vertx.getOrCreateContext())
                .compose(devices -> service.subject(DeviceIdSpellings.pseudonyms(devices, ring), range, vertx.getOrCreateContext())
                        .map(entries -> devices.isEmpty() ? List.<LogEntry>of() : entries))
                .onSuccess(entries -> {
                    audit.record(ctx.get(TOKEN), "account", "subject=" + current, entries.size());
                    format.send(ctx, entries);
                }).onFailure(ctx::fail);
    }

    private void disclosures(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        String state = ctx.queryParams().get("state");
        boolean csv = wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT));
        service.disclosures(range, state, vertx.getOrCreateContext()).onSuccess(table -> {
            audit.record(ctx.get(TOKEN), "disclosures", ctx.request().query(), 0);
            if (csv) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"disclosures.csv\"")
                        .end(DisclosureCsv.of(table));
            } else {
                json(ctx, table);
            }
        }).onFailure(ctx::fail);
    }

    /** Who pulled what and when: the pull audit, newest last, NDJSON or CSV. */
    private void audit(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        int limit = limit(ctx.queryParams().get("limit"));
        boolean csv = wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT));
        audit.read(range, limit, vertx.getOrCreateContext()).onSuccess(pulls -> {
            audit.record(ctx.get(TOKEN), "audit", ctx.request().query(), pulls.size());
            StringBuilder body = new StringBuilder(csv ? PullAudit.CSV_HEADER : "");
            for (PullAudit.Pull pull : pulls) {
                body.append(csv ? pull.csvRow() : pull.json().encode() + "\n");
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                    .end(body.toString());
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
        boolean csv = wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT));
        service.checkpoints(vertx.getOrCreateContext()).onSuccess(byWriter -> {
            StringBuilder body = new StringBuilder(csv ? "writer,seq,head,time,key,signature\r\n" : "");
            long n = 0;
            for (List<Checkpoint> list : byWriter.values()) {
                for (Checkpoint c : list) {
                    if (csv) {
                        body.append(String.join(",", ShareExport.csv(c.writerId()), Long.toString(c.seq()), c.head(),
                                java.time.Instant.ofEpochMilli(c.timeMillis()).toString(), ShareExport.csv(c.keyId()),
                                ShareExport.csv(c.signature()))).append("\r\n");
                    } else {
                        body.append(new JsonObject(new java.util.LinkedHashMap<String, Object>(CheckpointCodec.fields(c)))
                                .encode()).append('\n');
                    }
                    n++;
                }
            }
            audit.record(ctx.get(TOKEN), "checkpoints", ctx.request().query(), n);
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                    .end(body.toString());
        }).onFailure(ctx::fail);
    }

    private void publicKeys(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
                .end(PublicKeys.toJwks(List.copyOf(keys.get().verificationKeys().values())));
    }

    /**
     * How a listing of share records is answered: NDJSON of the stored records with their hashes (what the offline
     * verifier reads), {@code ?view=readable} NDJSON in words, or {@code Accept: text/csv} one row per recipient.
     */
    private enum Format {
        STORED, READABLE, CSV;

        static Format of(RoutingContext ctx) {
            String view = ctx.queryParams().get("view");
            if (view != null && !view.equals("readable") && !view.equals("stored")) {
                throw GatewayException.badRequest("view: readable (words, ISO-8601 times) or stored (the default)");
            }
            if (wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT))) {
                return CSV;
            }
            return "readable".equals(view) ? READABLE : STORED;
        }

        void send(RoutingContext ctx, List<LogEntry> entries) {
            StringBuilder body = new StringBuilder(this == CSV ? ShareExport.CSV_HEADER : "");
            for (LogEntry e : entries) {
                switch (this) {
                    case CSV -> body.append(e.decoded() == null ? "" : ShareExport.csvRows(e.decoded()));
                    case READABLE -> body.append(e.decoded() == null
                            ? new JsonObject().put("unreadable", e.stored().json()).encode()
                            : ReadableShare.of(e.decoded()).encode()).append('\n');
                    case STORED -> body.append(ShareExport.ndjsonLine(e.stored().json(), e.stored().hash()));
                }
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, this == CSV ? "text/csv; charset=utf-8"
                    : "application/x-ndjson").end(body.toString());
        }
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
