package dev.idgw.gateway.consent;

import dev.idgw.gateway.redis.RedisLink;
import java.util.concurrent.CompletionStage;

/**
 * Writes consent records straight to Redis, for the demo, the tests and the {@code consent} command.
 * The consent API (a later issue) will be the production way in; it writes the same schema.
 */
public final class ConsentWriter {
    private final RedisLink link;
    private final ConsentKeys keys;

    public ConsentWriter(RedisLink link, ConsentKeys keys) {
        this.link = link;
        this.keys = keys;
    }

    /** Replaces the device's record as a whole (DEL + HSET in one MULTI), so no stale field survives. */
    public CompletionStage<Void> put(String deviceId, ConsentRecord record) {
        var commands = link.commands().orElseThrow(() -> new IllegalStateException("redis not connected"));
        String key = keys.forDevice(deviceId);
        return commands.eval(
                "redis.call('DEL', KEYS[1]); return redis.call('HSET', KEYS[1], unpack(ARGV))",
                io.lettuce.core.ScriptOutputType.INTEGER, new String[] {key},
                ConsentRecordCodec.asArguments(ConsentRecordCodec.encode(record)))
                .thenApply(ignored -> null);
    }

    public CompletionStage<Void> delete(String deviceId) {
        var commands = link.commands().orElseThrow(() -> new IllegalStateException("redis not connected"));
        return commands.del(keys.forDevice(deviceId)).thenApply(ignored -> null);
    }

}
