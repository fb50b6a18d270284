package dev.idgw.gateway.consentapi;

import dev.idgw.gateway.consent.AccountChoices;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecordCodec;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.requests.ConsumerRequest;
import dev.idgw.gateway.requests.ConsumerRequestLog;
import dev.idgw.gateway.requests.Pseudonyms;
import dev.idgw.gateway.requests.RequestChannel;
import dev.idgw.gateway.requests.RequestKind;
import dev.idgw.keys.KeyedHasher;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes and reads consent records. A device write replaces the record whole and bumps its version in
 * one Lua script (no reader ever sees half a record); an account-wide choice is applied device by
 * device, each atomically ({@link AccountChoices}). Every write is also a consumer-request record
 * ({@link ConsumerRequestLog}, by pseudonym only, kept 24 months): an answer comes only once both are stored,
 * so a write whose record could not be stored answers 503 and the caller's retry records it.
 */
public final class ConsentService {
    /** KEYS: record. ARGV: field, value, … Replaces the hash, sets v = old v + 1; returns v. */
    private static final String REPLACE = """
            local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0') + 1
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV))
            redis.call('HSET', KEYS[1], 'v', v)
            return v
            """;
    private final RedisLink link;
    private final ConsentKeys keys;
    private final Supplier<KeyedHasher> pseudonyms;
    private final Clock clock;
    private final AccountChoices accounts;
    private final ConsumerRequestLog requests;
    /**
     * Told the key of every record written (also when the write's outcome is unknown), so this
     * instance's consent cache drops it before the API answers: read-your-writes on this instance does
     * not wait for Redis's invalidation push.
     */
    private final Consumer<String> written;
    /** The rules in force at each call (a policy reload swaps them), never a copy taken at start. */
    private final Supplier<JurisdictionRules> rules;

    /**
     * @param written told the Redis key of every consent record written (the consent cache drops it)
     * @param rules the jurisdiction rules in force, asked at every answer (they change on a policy reload)
     */
    public ConsentService(RedisLink link, String prefix, Supplier<KeyedHasher> pseudonyms, Clock clock,
                          Consumer<String> written, Supplier<JurisdictionRules> rules, ConsumerRequestLog requests) {
        this.requests = requests;
        this.accounts = new AccountChoices(link, new ConsentKeys(prefix), written);
        this.written = written;
        this.rules = rules;
        this.link = link;
        this.keys = new ConsentKeys(prefix);
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    String accountKey(String accountId) {
        return keys.accountDevices(accountId);
    }

    /** @param received when the person made the request (the consent service may relay it later); empty: now */
    Future<JsonObject> put(String deviceId, ConsentUpdate update, Optional<Instant> received, Context context) {
        long now = clock.millis();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ConsentKeys.AD_CONSENT, update.adConsent() ? "1" : "0");
        fields.put(ConsentKeys.JURISDICTION, update.jurisdiction());
        fields.put(ConsentKeys.AGE_BAND, update.ageBand().wireName());
        update.emailSha256().ifPresent(h -> fields.put(ConsentKeys.EMAIL_SHA256, HexFormat.of().formatHex(h)));
        update.accountId().ifPresent(a -> fields.put(ConsentKeys.ACCOUNT, a));
        fields.put(ConsentKeys.UPDATED_AT, Long.toString(now));
        String key = keys.forDevice(deviceId);
        String normalized = ConsentKeys.normalizeDeviceId(deviceId);
        return commands().compose(c -> Future.fromCompletionStage(c.hget(key, ConsentKeys.ACCOUNT), context)
                .compose(previousAccount -> Future.fromCompletionStage(
                        c.<Long>eval(REPLACE, ScriptOutputType.INTEGER, new String[] {key},
                                ConsentRecordCodec.asArguments(fields)), context)
                        .andThen(done -> written.accept(key))
                        .compose(version -> relink(c, normalized, previousAccount, update.accountId().orElse(null), context)
                                .map(v -> version))))
                .compose(version -> record(update.adConsent() ? RequestKind.OPT_IN : RequestKind.OPT_OUT,
                        RequestChannel.API, ConsumerRequest.SubjectType.DEVICE, pseudonym(deviceId),
                        update.jurisdiction(), received, 1, context))
                .compose(version -> get(deviceId, context));
    }

    Future<JsonObject> get(String deviceId, Context context) {
        String key = keys.forDevice(deviceId);
        // Both keys share the device's hash tag (one slot): two reads pipelined on one connection.
        return commands().compose(c -> {
            Future<Map<String, String>> record = Future.fromCompletionStage(c.hgetall(key), context);
            Future<String> gpcSince = Future.fromCompletionStage(c.hget(keys.optOutSignalForDevice(deviceId),
                    ConsentKeys.GPC_FIRST_SEEN), context);
            return Future.all(record, gpcSince).map(both -> view(deviceId, record.result(), gpcSince.result()));
        });
    }

    private JsonObject view(String deviceId, Map<String, String> fields, String gpcSince) {
        ConsentLookup lookup = ConsentRecordCodec.decode(fields);
        if (lookup instanceof ConsentLookup.Found found) {
            return ConsentView.of(ConsentKeys.normalizeDeviceId(deviceId), found.record(),
                    fields.containsKey(ConsentKeys.ACCOUNT), rules.get(), clock.instant(), gpcSince);
        }
        if (lookup instanceof ConsentLookup.Missing) {
            throw GatewayException.notFound("no consent record for this device");
        }
        throw GatewayException.conflict("the stored record is malformed; write it again with PUT");
    }

    /** Removes the record and the device's GPC sighting (a deletion request); later ad requests for the device strip. */
    Future<Boolean> delete(String deviceId, Optional<Instant> received, Context context) {
        String key = keys.forDevice(deviceId);
        String normalized = ConsentKeys.normalizeDeviceId(deviceId);
        return commands().compose(c -> Future.fromCompletionStage(c.hget(key, ConsentKeys.ACCOUNT), context)
                // The device's GPC sighting goes with it (same slot: one DEL); a later GPC request starts it again.
                .compose(account -> Future.fromCompletionStage(c.del(key, keys.optOutSignalForDevice(deviceId)), context)
                        .andThen(done -> written.accept(key))
                        .compose(n -> relink(c, normalized, account, null, context).map(v -> n > 0))))
                .compose(existed -> record(RequestKind.DELETE, RequestChannel.API, ConsumerRequest.SubjectType.DEVICE,
                        pseudonym(deviceId), "", received, existed ? 1 : 0, context).map(v -> existed));
    }

    /** Applies one advertising-consent choice to every device linked to the account ("on all devices"). */
    Future<JsonObject> putAccount(String accountId, boolean adConsent, Optional<Instant> received, Context context) {
        return accounts.setOnAllDevices(accountId, adConsent, clock.instant(), context)
                .compose(updated -> record(adConsent ? RequestKind.OPT_IN : RequestKind.OPT_OUT, RequestChannel.ACCOUNT,
                        ConsumerRequest.SubjectType.ACCOUNT, Pseudonyms.account(pseudonyms.get(), accountId), "",
                        received, updated, context)
                        .map(v -> new JsonObject().put("accountId", accountId).put("adConsent", adConsent)
                                .put("devicesUpdated", updated)));
    }

    private Future<Void> relink(RedisClusterAsyncCommands<String, String> c, String device, String from, String to,
                                Context context) {
        Future<Void> done = Future.succeededFuture();
        if (from != null && !from.equals(to)) {
            done = Future.fromCompletionStage(c.srem(accountKey(from), device), context).mapEmpty();
        }
        if (to != null) {
            done = done.compose(v -> Future.fromCompletionStage(c.sadd(accountKey(to), device), context).mapEmpty());
        }
        return done;
    }

    private String pseudonym(String deviceId) {
        return Pseudonyms.device(pseudonyms.get(), deviceId);
    }

    private Future<Void> record(RequestKind kind, RequestChannel via, ConsumerRequest.SubjectType type, String subject,
                                String jurisdiction, Optional<Instant> received, int devices, Context context) {
        Instant now = clock.instant();
        return requests.append(ConsumerRequest.complied(kind, via, type, subject, jurisdiction, received.orElse(now), now,
                devices), context).mapEmpty();
    }

    private Future<RedisClusterAsyncCommands<String, String>> commands() {
        Optional<RedisClusterAsyncCommands<String, String>> c = link.commands();
        return c.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(GatewayException.unavailable()));
    }


}
