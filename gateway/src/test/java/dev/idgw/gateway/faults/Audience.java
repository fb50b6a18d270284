package dev.idgw.gateway.faults;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentRecordCodec;
import dev.idgw.gateway.support.AdPodRequests;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The seeded viewers of a fault test and the truth the leak check holds payloads to, written apart from
 * the gateway's decider: only an adult in US-CA with advertising consent and no GPC may be shared with a
 * third party. Every viewer has an IP and (when consented) an email hash of its own, so any identifier a
 * partner receives names exactly one viewer.
 */
final class Audience {
    enum Kind { CONSENTED, DENIED, MINOR, NO_RECORD, GPC }

    /** One seeded viewer. {@code emailHex} is null when its record has no email hash. */
    record Viewer(int index, String deviceId, String ip, String emailHex, Kind kind) {
        boolean mayShare() {
            return kind == Kind.CONSENTED;
        }

        /** An ad-pod request from this viewer, with a player request id of its own. */
        PlayerRequest request(String tag) {
            String body = AdPodRequests.dynamicPod(tag + "-" + UUID.randomUUID(), deviceId, ip).toString();
            return kind == Kind.GPC ? new PlayerRequest(body, "Sec-GPC", "1") : new PlayerRequest(body);
        }
    }

    /** A player request body and its extra headers (name, value, name, value…). */
    record PlayerRequest(String body, String... headers) {
    }

    private final List<Viewer> viewers;
    private final List<Viewer> consented;
    private final Map<String, Viewer> byIdentifier;
    private final Random random;

    private Audience(List<Viewer> viewers, long seed) {
        this.viewers = List.copyOf(viewers);
        this.consented = viewers.stream().filter(Viewer::mayShare).toList();
        this.byIdentifier = viewers.stream().flatMap(v -> identifiers(v).stream().map(id -> Map.entry(id, v)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        this.random = new Random(seed);
    }

    /** 40 consented, 10 denied, 5 minors, 5 without a record, 10 consented but sending GPC; seeded. */
    static Audience seeded(long seed) {
        Random random = new Random(seed);
        List<Viewer> viewers = new ArrayList<>();
        add(viewers, Kind.CONSENTED, 40, random);
        add(viewers, Kind.DENIED, 10, random);
        add(viewers, Kind.MINOR, 5, random);
        add(viewers, Kind.NO_RECORD, 5, random);
        add(viewers, Kind.GPC, 10, random);
        return new Audience(viewers, seed);
    }

    private static void add(List<Viewer> viewers, Kind kind, int count, Random random) {
        for (int i = 0; i < count; i++) {
            int index = viewers.size();
            byte[] email = new byte[32];
            random.nextBytes(email);
            String emailHex = kind == Kind.NO_RECORD ? null : HexFormat.of().formatHex(email);
            viewers.add(new Viewer(index, new UUID(random.nextLong(), random.nextLong()).toString(),
                    "198.51.100." + (1 + index), emailHex, kind));
        }
    }

    /** Writes every record straight into Redis (not through any proxy), as the consent API would. */
    void seed(String redisUri, String keyPrefix) {
        ConsentKeys keys = new ConsentKeys(keyPrefix);
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (Viewer v : viewers) {
                if (v.kind() == Kind.NO_RECORD) {
                    continue;
                }
                ConsentRecord record = new ConsentRecord(v.kind() != Kind.DENIED, "US-CA",
                        v.kind() == Kind.MINOR ? AgeBand.MINOR : AgeBand.ADULT, HexFormat.of().parseHex(v.emailHex()),
                        1, Instant.now());
                c.sync().hset(keys.forDevice(v.deviceId()), ConsentRecordCodec.encode(record));
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    List<Viewer> viewers() {
        return viewers;
    }

    /** A viewer whose identity flows when everything is healthy. */
    Viewer anyConsented() {
        synchronized (random) {
            return consented.get(random.nextInt(consented.size()));
        }
    }

    /** A request from a viewer drawn from the whole mix; safe from any thread. */
    PlayerRequest nextRequest(String tag) {
        Viewer v;
        synchronized (random) {
            v = viewers.get(random.nextInt(viewers.size()));
        }
        return v.request(tag);
    }

    /** The viewer an identifier (device ID, IP or email hash) belongs to. */
    Optional<Viewer> owner(String identifier) {
        return Optional.ofNullable(byIdentifier.get(identifier));
    }

    static List<String> identifiers(Viewer v) {
        List<String> ids = new ArrayList<>(List.of(v.deviceId(), v.ip()));
        if (v.emailHex() != null) {
            ids.add(v.emailHex());
        }
        return ids;
    }
}
