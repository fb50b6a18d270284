package dev.idgw.gateway.compliance;

import dev.idgw.gateway.redis.RedisLink;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records every compliance pull (who, what, when, how many entries) in the stream
 * {@code <prefix>:compliance-pulls}, so access to the share log is itself on record. A subject lookup
 * is recorded by pseudonym, never by device ID.
 */
public final class PullAudit {
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

    void record(String tokenName, String endpoint, String query, long entries) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ts", Long.toString(clock.millis()));
        fields.put("token", tokenName);
        fields.put("endpoint", endpoint);
        fields.put("query", query == null ? "" : query);
        fields.put("entries", Long.toString(entries));
        link.commands().ifPresent(c -> c.xadd(stream, fields));
    }
}
