package dev.idgw.gateway.compliance;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every compliance pull (who, what, when, how many entries) in the stream
 * {@code <prefix>:compliance-pulls}, so access to the share log is itself on record, and reads it back
 * ({@code GET /compliance/v1/audit}). A subject lookup is recorded by pseudonym, never by device ID.
 */
public final class PullAudit {
    static final String CSV_HEADER = "time,token,endpoint,query,entries\r\n";

    private final RedisLink link;
    private final String stream;
    private final Clock clock;

    public PullAudit(RedisLink link, String prefix, Clock clock) {
        this.link = link;
        this.stream = prefix + ":compliance-pulls";
        this.clock = clock;
    }

    static String streamKey(String prefix) {
        return prefix + ":compliance-pulls";
    }

    /** One recorded pull. */
    record Pull(Instant time, String token, String endpoint, String query, long entries) {
        JsonObject json() {
            return new JsonObject().put("time", time.toString()).put("token", token).put("endpoint", endpoint)
                    .put("query", query).put("entries", entries);
        }

        String csvRow() {
            return String.join(",", time.toString(), ShareExport.csv(token), ShareExport.csv(endpoint),
                    ShareExport.csv(query), Long.toString(entries)) + "\r\n";
        }
    }

    void record(String tokenName, String endpoint, String query, long entries) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ts", Long.toString(clock.millis()));
        fields.put("token", tokenName);
        fields.put("endpoint", endpoint);
        fields.put("query", query == null ? "" : query);
        fields.put("entries", Long.toString(entries));
        link.commands().ifPresent(c -> c.xadd(stream, fields));
    }

    /** The first {@code limit} pulls recorded in the range, oldest first (by the time each was recorded). */
    Future<List<Pull>> read(TimeRange range, int limit, Context context) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.failedFuture(GatewayException.unavailable());
        }
        List<Pull> out = new ArrayList<>();
        return page(commands.get(), range, "-", limit, out, context);
    }

    private Future<List<Pull>> page(io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> c,
                                    TimeRange range, String after, int limit, List<Pull> out, Context context) {
        return Future.fromCompletionStage(c.xrange(stream, Range.create(after, "+"), Limit.from(500)), context)
                .compose(messages -> {
                    String last = null;
                    for (StreamMessage<String, String> m : messages) {
                        last = m.getId();
                        Map<String, String> f = m.getBody();
                        Instant time;
                        try {
                            time = Instant.ofEpochMilli(Long.parseLong(f.getOrDefault("ts", "")));
                        } catch (NumberFormatException e) {
                            continue;
                        }
                        if (!time.isBefore(range.to())) {
                            return Future.succeededFuture(out);
                        }
                        if (range.contains(time)) {
                            long entries;
                            try {
                                entries = Long.parseLong(f.getOrDefault("entries", "0"));
                            } catch (NumberFormatException e) {
                                entries = 0;
                            }
                            out.add(new Pull(time, f.getOrDefault("token", ""), f.getOrDefault("endpoint", ""),
                                    f.getOrDefault("query", ""), entries));
                            if (out.size() == limit) {
                                return Future.succeededFuture(out);
                            }
                        }
                    }
                    return messages.size() < 500 ? Future.succeededFuture(out) : page(c, range, "(" + last, limit, out, context);
                });
    }
}
