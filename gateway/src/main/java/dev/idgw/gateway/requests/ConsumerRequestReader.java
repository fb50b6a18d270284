package dev.idgw.gateway.requests;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads the consumer-request records in stream order (the order they were recorded), by ranges of the record
 * time, a page at a time so no single reply is large.
 */
public final class ConsumerRequestReader {
    /** Entries per XRANGE while scanning a whole range (the metrics). */
    static final int SCAN_PAGE = 500;

    private final RedisLink link;
    private final String stream;

    public ConsumerRequestReader(RedisLink link, String prefix) {
        this.link = link;
        this.stream = ConsumerRequestLog.streamKey(prefix);
    }

    /** One page of a listing; {@code next} is the stream ID to continue after, null at the end. */
    public record Page(List<ConsumerRequest> requests, String next) {
    }

    /**
     * Up to {@code limit} records matching {@code filter}, recorded in [from, to), after stream ID {@code after}
     * (null: from the start of the range). Unreadable entries are skipped: they cannot be pseudonyms of anyone.
     */
    public Future<Page> page(Instant from, Instant to, String after, int limit, Predicate<ConsumerRequest> filter,
                             Context context) {
        List<ConsumerRequest> out = new ArrayList<>(Math.min(limit, SCAN_PAGE));
        return collect(from, to, after == null ? null : "(" + after, limit, filter, out, context);
    }

    /** Every record recorded in [from, to) (for the yearly metrics). */
    public Future<List<ConsumerRequest>> all(Instant from, Instant to, Context context) {
        List<ConsumerRequest> out = new ArrayList<>();
        return collect(from, to, null, Integer.MAX_VALUE, r -> true, out, context).map(page -> out);
    }

    private Future<Page> collect(Instant from, Instant to, String start, int limit, Predicate<ConsumerRequest> filter,
                                 List<ConsumerRequest> out, Context context) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.failedFuture(GatewayException.unavailable());
        }
        String lower = start != null ? start : from.toEpochMilli() + "-0";
        // The end is inclusive in XRANGE; an ID with only milliseconds means every entry of that millisecond.
        String upper = Long.toString(to.toEpochMilli() - 1);
        if (to.toEpochMilli() - 1 < from.toEpochMilli()) {
            return Future.succeededFuture(new Page(out, null));
        }
        return Future.fromCompletionStage(commands.get().xrange(stream, Range.create(lower, upper),
                        Limit.from(SCAN_PAGE)), context)
                .compose(messages -> {
                    String last = null;
                    for (StreamMessage<String, String> m : messages) {
                        last = m.getId();
                        ConsumerRequest r;
                        try {
                            r = ConsumerRequestCodec.decode(m.getId(), m.getBody());
                        } catch (IllegalArgumentException e) {
                            continue;
                        }
                        if (filter.test(r)) {
                            out.add(r);
                            if (out.size() == limit) {
                                return Future.succeededFuture(new Page(out, m.getId()));
                            }
                        }
                    }
                    if (messages.size() < SCAN_PAGE) {
                        return Future.succeededFuture(new Page(out, null));
                    }
                    return collect(from, to, "(" + last, limit, filter, out, context);
                });
    }
}
