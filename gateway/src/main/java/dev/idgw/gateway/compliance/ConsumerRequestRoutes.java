package dev.idgw.gateway.compliance;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.requests.ConsumerRequest;
import dev.idgw.gateway.requests.ConsumerRequestLog;
import dev.idgw.gateway.requests.ConsumerRequestReader;
import dev.idgw.gateway.requests.Pseudonyms;
import dev.idgw.gateway.requests.RequestKind;
import dev.idgw.gateway.requests.YearlyMetrics;
import dev.idgw.keys.HmacKey;
import dev.idgw.keys.KeyRing;
import dev.idgw.keys.KeyedHasher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The consumer-request records (11 CCR §7101) on the compliance listener: list them by range, kind and
 * subject ({@code GET /compliance/v1/requests}, NDJSON or CSV), the §7102 yearly metrics
 * ({@code GET /compliance/v1/requests/metrics?year=}), and record a request staff answered elsewhere
 * ({@code POST /compliance/v1/requests}). Mounted by {@link ComplianceApi} behind its token check and audit.
 */
final class ConsumerRequestRoutes {
    static final int MAX_BODY_BYTES = 4 * 1024;

    private final Vertx vertx;
    private final ConsumerRequestReader reader;
    private final ConsumerRequestLog log;
    private final Supplier<KeyRing> keys;
    private final Clock clock;
    private final PullAudit audit;
    private final Function<RoutingContext, String> tokenName;

    ConsumerRequestRoutes(Vertx vertx, ConsumerRequestReader reader, ConsumerRequestLog log, Supplier<KeyRing> keys,
                          Clock clock, PullAudit audit, Function<RoutingContext, String> tokenName) {
        this.vertx = vertx;
        this.reader = reader;
        this.log = log;
        this.keys = keys;
        this.clock = clock;
        this.audit = audit;
        this.tokenName = tokenName;
    }

    void mount(Router router) {
        router.get("/compliance/v1/requests").handler(this::list);
        router.get("/compliance/v1/requests/metrics").handler(this::metrics);
        router.post("/compliance/v1/requests").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/compliance/v1/requests").handler(this::record);
    }

    private void list(RoutingContext ctx) {
        TimeRange range = TimeRange.parse(ctx.queryParams().get("from"), ctx.queryParams().get("to"));
        int limit = ComplianceApi.limit(ctx.queryParams().get("limit"));
        String cursor = cursor(ctx.queryParams().get("cursor"));
        Predicate<ConsumerRequest> filter = kindFilter(ctx.queryParams().get("kind"))
                .and(subjectFilter(ctx.queryParams().get("deviceId"), ctx.queryParams().get("accountId")));
        boolean csv = ComplianceApi.wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT));
        reader.page(range.from(), range.to(), cursor, limit, filter, vertx.getOrCreateContext()).onSuccess(page -> {
            StringBuilder body = new StringBuilder(csv ? RequestExport.CSV_HEADER : "");
            for (ConsumerRequest r : page.requests()) {
                body.append(csv ? RequestExport.csvRow(r) : RequestExport.ndjsonLine(r));
            }
            if (page.next() != null) {
                ctx.response().putHeader("X-Next-Cursor", page.next()).putHeader("Link", "<"
                        + ComplianceApi.nextLink(ctx, page.next(),
                        List.of("from", "to", "kind", "deviceId", "accountId", "limit")) + ">; rel=\"next\"");
            }
            // The audit keeps the query without the subject's ID: a pseudonym stands in for it.
            audit.record(tokenName.apply(ctx), "requests", auditedQuery(ctx), page.requests().size());
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                    .end(body.toString());
        }).onFailure(ctx::fail);
    }

    private void metrics(RoutingContext ctx) {
        int year = year(ctx.queryParams().get("year"));
        boolean csv = ComplianceApi.wantsCsv(ctx.request().getHeader(HttpHeaders.ACCEPT));
        reader.all(YearlyMetrics.startOf(year), YearlyMetrics.readUntil(year), vertx.getOrCreateContext())
                .onSuccess(all -> {
                    YearlyMetrics metrics = YearlyMetrics.of(year, all);
                    audit.record(tokenName.apply(ctx), "requests/metrics", "year=" + year, all.size());
                    if (csv) {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
                                .end(RequestExport.csv(metrics));
                    } else {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(RequestExport.json(metrics).encodePrettily());
                    }
                }).onFailure(ctx::fail);
    }

    private void record(RoutingContext ctx) {
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        ConsumerRequest request = StaffRequestParser.parse(body, new KeyedHasher(keys.get().hmacKey()), clock.instant());
        log.append(request, vertx.getOrCreateContext()).onSuccess(stored -> {
            audit.record(tokenName.apply(ctx), "requests/record", "kind=" + stored.kind().wireName(), 1);
            ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.LOCATION, "/compliance/v1/requests?from=" + stored.received().toEpochMilli())
                    .end(RequestExport.json(stored).encode());
        }).onFailure(ctx::fail);
    }

    private static Predicate<ConsumerRequest> kindFilter(String value) {
        if (value == null) {
            return r -> true;
        }
        RequestKind kind = RequestKind.fromWire(value).orElseThrow(() -> GatewayException.badRequest(
                "kind: one of opt-out, opt-in, limit, delete, access"));
        return r -> r.kind() == kind;
    }

    /** A subject in any spelling the consent API takes, under every pseudonym key the ring still holds. */
    private Predicate<ConsumerRequest> subjectFilter(String deviceId, String accountId) {
        if (deviceId != null && accountId != null) {
            throw GatewayException.badRequest("deviceId or accountId: at most one");
        }
        if (deviceId == null && accountId == null) {
            return r -> true;
        }
        String id = deviceId != null ? deviceId : accountId;
        if (id.isBlank() || id.length() > 128) {
            throw GatewayException.badRequest((deviceId != null ? "deviceId" : "accountId") + ": 1-128 characters");
        }
        Set<String> pseudonyms = deviceId != null ? DeviceIdSpellings.pseudonyms(Set.of(deviceId), keys.get())
                : accountPseudonyms(accountId);
        ConsumerRequest.SubjectType type = deviceId != null ? ConsumerRequest.SubjectType.DEVICE
                : ConsumerRequest.SubjectType.ACCOUNT;
        // A device's records include those that name it as the source of an account's opt-out.
        return r -> r.subjectType() == type && pseudonyms.contains(r.subject())
                || deviceId != null && pseudonyms.contains(r.source());
    }

    private Set<String> accountPseudonyms(String accountId) {
        Set<String> out = new HashSet<>();
        for (HmacKey key : keys.get().hmacKeys().values()) {
            out.add(Pseudonyms.account(new KeyedHasher(key), accountId));
        }
        return out;
    }

    private String auditedQuery(RoutingContext ctx) {
        StringBuilder q = new StringBuilder();
        for (String name : List.of("from", "to", "kind", "limit", "cursor")) {
            Optional.ofNullable(ctx.queryParams().get(name)).ifPresent(v -> q.append(q.isEmpty() ? "" : "&")
                    .append(name).append('=').append(v));
        }
        KeyedHasher current = new KeyedHasher(keys.get().hmacKey());
        Optional.ofNullable(ctx.queryParams().get("deviceId")).ifPresent(d -> q.append(q.isEmpty() ? "" : "&")
                .append("subject=").append(Pseudonyms.device(current, d)));
        Optional.ofNullable(ctx.queryParams().get("accountId")).ifPresent(a -> q.append(q.isEmpty() ? "" : "&")
                .append("subject=").append(Pseudonyms.account(current, a)));
        return q.toString();
    }

    private static String cursor(String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{1,19}-\\d{1,19}")) {
            throw GatewayException.badRequest("cursor: the X-Next-Cursor of the previous page");
        }
        return value;
    }

    private int year(String value) {
        int current = clock.instant().atOffset(ZoneOffset.UTC).getYear();
        if (value == null) {
            return current;
        }
        try {
            int year = Integer.parseInt(value);
            if (year >= 2020 && year <= current) {
                return year;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw GatewayException.badRequest("year: a calendar year from 2020 to " + current);
    }
}
