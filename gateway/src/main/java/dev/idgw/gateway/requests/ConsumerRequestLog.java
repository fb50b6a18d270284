package dev.idgw.gateway.requests;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.redis.RedisLink;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XAddArgs;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * Appends consumer-request records to the stream {@code <prefix>:consent-requests} and keeps 24 months of them
 * (11 CCR §7101(a)): each append trims the entries older than 24 months before the gateway's clock
 * ({@code XADD … MINID}), so nothing younger is ever dropped and nothing needs a separate sweeper. Exact, not
 * approximate ({@code ~} only drops whole internal nodes of about 100 entries): the stream grows at the pace of
 * people's choices, and a trim that finds nothing old stops at the first entry.
 *
 * <p>An entry's ID carries the gateway clock's milliseconds ({@code <ms>-*}), so the ranges of
 * {@code GET /compliance/v1/requests} and the trimming follow the same clock the record's times do. When
 * another instance's clock ran ahead and Redis refuses a smaller ID, Redis picks the ID ({@code *}).
 */
public final class ConsumerRequestLog {
    /** How long a record is kept. */
    public static final Period RETENTION = Period.ofMonths(24);
    /**
     * The longest a request may have waited before it is recorded: 45 days to respond plus the 45-day
     * extension the CCPA allows (Civ. Code §1798.130(a)(2)). The yearly metrics read this far past a year's end.
     */
    public static final Duration LONGEST_WAIT = Duration.ofDays(90);

    private final RedisLink link;
    private final String stream;
    private final Clock clock;

    public ConsumerRequestLog(RedisLink link, String prefix, Clock clock) {
        this.link = link;
        this.stream = streamKey(prefix);
        this.clock = clock;
    }

    public static String streamKey(String prefix) {
        return prefix + ":consent-requests";
    }

    /** Stores {@code request}; completes with it under its stream ID, or fails (503) when Redis is not there. */
    public Future<ConsumerRequest> append(ConsumerRequest request, Context context) {
        var commands = link.commands();
        if (commands.isEmpty()) {
            return Future.failedFuture(GatewayException.unavailable());
        }
        Instant now = clock.instant();
        String keepFrom = Long.toString(now.atOffset(ZoneOffset.UTC).minus(RETENTION).toInstant().toEpochMilli());
        var fields = ConsumerRequestCodec.fields(request);
        XAddArgs atOurTime = new XAddArgs().id(now.toEpochMilli() + "-*").minId(keepFrom);
        return Future.fromCompletionStage(commands.get().xadd(stream, atOurTime, fields), context)
                .recover(e -> e instanceof RedisCommandExecutionException && e.getMessage() != null
                        && e.getMessage().contains("equal or smaller")
                        ? Future.fromCompletionStage(commands.get().xadd(stream,
                                new XAddArgs().minId(keepFrom), fields), context)
                        : Future.failedFuture(e))
                .map(request::withId);
    }
}
