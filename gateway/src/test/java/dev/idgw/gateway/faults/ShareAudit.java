package dev.idgw.gateway.faults;

import dev.idgw.gateway.support.ShareLedger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.faults.Audience.Viewer;
import dev.idgw.gateway.sharelog.ChainVerifier;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.sharelog.StoredEntry;
import dev.idgw.gateway.sharelog.VerificationReport;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.VerificationKey;
import dev.idgw.partners.Field;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invariants 1 and 2 after a fault, from the outside: what each stub received against the seeded truth,
 * and the writer's share log as Redis holds it. (The e2e package's {@code ShareLedger} asks the same of
 * the log but is package-private there; this one also maps every identifier back to its viewer.)
 */
final class ShareAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<StoredEntry> entries = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final Map<String, List<ShareRecord>> byRequestId = new HashMap<>();
    private final String writerId;

    private ShareAudit(String writerId) {
        this.writerId = writerId;
    }

    /** Reads the writer's stream and checkpoints (through the shared {@link ShareLedger} reader). */
    static ShareAudit read(String redisUri, String prefix, String writerId) {
        ShareAudit audit = new ShareAudit(writerId);
        ShareLedger ledger = ShareLedger.read(redisUri, prefix, writerId);
        audit.entries.addAll(ledger.entries());
        audit.checkpoints.addAll(ledger.checkpoints());
        audit.byRequestId.putAll(ledger.byRequestId());
        return audit;
    }

    int entryCount() {
        return entries.size();
    }

    long lastSeq() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    }

    /**
     * No lost record: the chain verifies to its end against the signing keys (no gap, no fork, the final
     * checkpoint covers the last entry), and it reaches at least the head the gateway saw acknowledged.
     */
    void assertChainComplete(Path keysDir, long acknowledgedSeq, String context) throws IOException {
        Map<String, VerificationKey> keys = new HashMap<>();
        for (VerificationKey k : KeyDirectory.at(keysDir).verificationKeys("sharelog")) {
            keys.put(k.id(), k);
        }
        VerificationReport report = ChainVerifier.verify(writerId, entries, checkpoints,
                id -> Optional.ofNullable(keys.get(id)), true);
        String what = context + ": " + entries.size() + " entries, " + checkpoints.size() + " checkpoints";
        assertThat(report.firstFailure()).as("chain verification (%s)", what).isEmpty();
        assertThat(lastSeq()).as("acknowledged entries still stored (%s)", what)
                .isGreaterThanOrEqualTo(acknowledgedSeq);
        assertThat(checkpoints).as("a final checkpoint (%s)", what).isNotEmpty()
                .last().satisfies(c -> assertThat(c.seq()).isEqualTo(lastSeq()));
        assertThat(entries).as("no raw email in the log").noneMatch(e -> e.json().contains("@"));
    }

    /**
     * No leak: every payload {@code partnerId} received carries identifiers of at most one viewer, only a
     * viewer who may be shared with, and only under a share-log entry for that request listing exactly
     * those fields; and no payload mentions any identifier of a viewer who may not be shared with.
     * Returns how many payloads carried identity.
     */
    int assertNoLeak(Audience audience, String partnerId, List<ReceivedRequest> received, String context) {
        List<String> problems = new ArrayList<>();
        int identityPayloads = 0;
        for (ReceivedRequest r : received) {
            String text = r.bodyText();
            for (Viewer v : audience.viewers()) {
                if (!v.mayShare() && Audience.identifiers(v).stream().anyMatch(id -> text.contains('"' + id + '"'))) {
                    problems.add("payload names a " + v.kind() + " viewer (#" + v.index() + ")");
                }
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                problems.add("payload is not JSON: " + r);
                continue;
            }
            Map<Field, String> identity = identityOf(body);
            if (identity.isEmpty()) {
                continue;
            }
            identityPayloads++;
            Set<Integer> owners = new java.util.TreeSet<>();
            for (String id : identity.values()) {
                Optional<Viewer> owner = audience.owner(id);
                if (owner.isEmpty()) {
                    problems.add("identifier of no seeded viewer in " + identity.keySet());
                } else {
                    owners.add(owner.get().index());
                    if (!owner.get().mayShare()) {
                        problems.add("identity of a " + owner.get().kind() + " viewer (#" + owner.get().index() + ")");
                    }
                }
            }
            if (owners.size() > 1) {
                problems.add("one payload mixes viewers " + owners);
            }
            String requestId = body.path("id").asText();
            boolean recorded = byRequestId.getOrDefault(requestId, List.of()).stream()
                    .flatMap(rec -> rec.partners().stream())
                    .filter(e -> e.partnerId().equals(partnerId))
                    .map(ShareEntry::fields)
                    .anyMatch(fields -> fields.equals(identity.keySet()));
            if (!recorded) {
                problems.add("identity " + identity.keySet() + " sent without its share record (request "
                        + requestId + ")");
            }
        }
        assertThat(problems).as("%s: %s of %d payloads to %s", context, problems.size(), received.size(), partnerId)
                .isEmpty();
        return identityPayloads;
    }

    /** Whether a payload carries any identity field. */
    static boolean carriesIdentity(ReceivedRequest r) {
        try {
            return !identityOf(JSON.readTree(r.body())).isEmpty();
        } catch (IOException e) {
            throw new AssertionError("a partner received a payload that is not JSON: " + r, e);
        }
    }

    /** The identity fields a payload carries and their values; empty for a stripped payload. */
    static Map<Field, String> identityOf(JsonNode body) {
        Map<Field, String> out = new java.util.EnumMap<>(Field.class);
        JsonNode device = body.path("device");
        if (device.hasNonNull("ifa")) {
            out.put(Field.DEVICE_ID, device.get("ifa").asText());
        }
        if (device.hasNonNull("ip")) {
            out.put(Field.IP, device.get("ip").asText());
        } else if (device.hasNonNull("ipv6")) {
            out.put(Field.IP, device.get("ipv6").asText());
        }
        JsonNode eids = body.path("user").path("eids");
        if (!eids.isMissingNode()) {
            out.put(Field.HASHED_EMAIL, eids.path(0).path("uids").path(0).path("id").asText(""));
        }
        return out;
    }
}
