package dev.idgw.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.sharelog.ChainVerifier;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.CheckpointCodec;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.sharelog.ShareRecordCodec;
import dev.idgw.gateway.sharelog.StoredEntry;
import dev.idgw.gateway.sharelog.VerificationReport;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.VerificationKey;
import dev.idgw.partners.Field;
import dev.idgw.testkit.partner.ReceivedRequest;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One writer's share log as Redis holds it at the moment of reading (its own short-lived Lettuce
 * connection, so it works across Redis restarts), and the two questions the durability tests ask of
 * it: does the chain verify, and does every identity a partner received have its entry.
 */
public record ShareLedger(String writerId, List<StoredEntry> entries, List<Checkpoint> checkpoints,
                   Map<String, List<ShareRecord>> byRequestId) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ShareLedger read(String redisUri, String prefix, String writerId) {
        ShareLogKeys keys = new ShareLogKeys(prefix, writerId);
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(Duration.ofSeconds(5));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            List<StoredEntry> entries = new ArrayList<>();
            Map<String, List<ShareRecord>> byRequestId = new HashMap<>();
            for (StreamMessage<String, String> m : redis.xrange(keys.stream(), Range.create("-", "+"))) {
                Map<String, String> f = m.getBody();
                String json = f.get(ShareLog.ENTRY_FIELD);
                entries.add(new StoredEntry(writerId, Long.parseLong(f.get(ShareLog.SEQ_FIELD)),
                        f.get(ShareLog.HASH_FIELD), json));
                ShareRecord record = ShareRecordCodec.decode(json).record();
                byRequestId.computeIfAbsent(record.requestId(), id -> new ArrayList<>()).add(record);
            }
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (StreamMessage<String, String> m : redis.xrange(keys.checkpoints(), Range.create("-", "+"))) {
                checkpoints.add(CheckpointCodec.fromFields(m.getBody()));
            }
            return new ShareLedger(writerId, List.copyOf(entries), List.copyOf(checkpoints), byRequestId);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The whole chain, to its end, against the signing keys' public halves in {@code keysDir}. */
    public VerificationReport verify(Path keysDir) throws IOException {
        Map<String, VerificationKey> keys = new HashMap<>();
        for (VerificationKey k : KeyDirectory.at(keysDir).verificationKeys("sharelog")) {
            keys.put(k.id(), k);
        }
        return ChainVerifier.verify(writerId, entries, checkpoints, id -> Optional.ofNullable(keys.get(id)), true);
    }

    public long lastSeq() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    }

    /** What a partner received that identifies someone, and the gateway's request id it came under. */
    public record IdentityPayload(String requestId, Set<Field> fields) {
        /** Empty for a stripped payload: no {@code device.ifa}, no {@code device.ip/ipv6}, no {@code user.eids}. */
        public static Optional<IdentityPayload> of(ReceivedRequest received) {
            JsonNode body;
            try {
                body = JSON.readTree(received.body());
            } catch (IOException e) {
                throw new AssertionError("a partner received a payload that is not JSON (" + received + ")", e);
            }
            EnumSet<Field> fields = EnumSet.noneOf(Field.class);
            JsonNode device = body.path("device");
            if (device.hasNonNull("ifa")) {
                fields.add(Field.DEVICE_ID);
            }
            if (device.hasNonNull("ip") || device.hasNonNull("ipv6")) {
                fields.add(Field.IP);
            }
            if (body.path("user").has("eids")) {
                fields.add(Field.HASHED_EMAIL);
            }
            return fields.isEmpty() ? Optional.empty() : Optional.of(new IdentityPayload(body.path("id").asText(), fields));
        }
    }

    public static List<IdentityPayload> identityPayloads(Collection<ReceivedRequest> received) {
        return received.stream().flatMap(r -> IdentityPayload.of(r).stream()).toList();
    }

    /**
     * The payloads with no entry whose request id is theirs and whose line for {@code partnerId} lists
     * exactly the fields the payload carried (invariant 2: no record, no identity).
     */
    public List<IdentityPayload> unrecorded(Collection<IdentityPayload> payloads, String partnerId) {
        List<IdentityPayload> missing = new ArrayList<>();
        for (IdentityPayload p : payloads) {
            boolean recorded = byRequestId.getOrDefault(p.requestId(), List.of()).stream()
                    .flatMap(r -> r.partners().stream())
                    .filter(e -> e.partnerId().equals(partnerId))
                    .map(ShareEntry::fields)
                    .anyMatch(fields -> fields.equals(p.fields()));
            if (!recorded) {
                missing.add(p);
            }
        }
        return missing;
    }
}
