package dev.idgw.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.gateway.support.ShareLedger.IdentityPayload;
import dev.idgw.partners.Field;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The share log as compliance staff get it from one instance: every page of
 * {@code GET /compliance/v1/shares} (followed through {@code X-Next-Cursor}), which merges every writer's
 * archive and hot window; and the question the invariant tests ask of it: does every identity a
 * partner received have its record (no record, no identity).
 */
public record ComplianceLog(List<JsonNode> entries) {
    /** Pulls every page of {@code limit} entries from {@code gateway}'s compliance listener. */
    public static ComplianceLog pull(GatewayHarness gateway, int limit) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            HttpResponse<String> r = gateway.compliance("/compliance/v1/shares?limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor), GatewayHarness.COMPLIANCE_TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    entries.add(parse(line));
                }
            }
            cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
            if (cursor == null) {
                return new ComplianceLog(List.copyOf(entries));
            }
        }
        throw new AssertionError("the compliance pull did not end");
    }

    /** {@code GET /compliance/v1/verify} on {@code gateway}: every writer's chain, checkpoints and segments. */
    public static JsonObject verify(GatewayHarness gateway) {
        HttpResponse<String> r = gateway.compliance("/compliance/v1/verify", GatewayHarness.COMPLIANCE_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    public List<String> uids() {
        return entries.stream().map(e -> e.path("uid").asText()).toList();
    }

    public Set<String> writers() {
        return Set.copyOf(entries.stream().map(e -> e.path("w").asText()).toList());
    }

    public long countOf(String writer) {
        return entries.stream().filter(e -> e.path("w").asText().equals(writer)).count();
    }

    /**
     * The payloads with no entry of {@code writer} whose request id is theirs and whose line for
     * {@code partnerId} lists exactly the fields the payload carried.
     */
    public List<IdentityPayload> unrecorded(Collection<IdentityPayload> payloads, String writer, String partnerId) {
        Map<String, List<Set<Field>>> recorded = new HashMap<>();
        for (JsonNode e : entries) {
            if (!e.path("w").asText().equals(writer)) {
                continue;
            }
            for (JsonNode p : e.path("p")) {
                if (p.path("id").asText().equals(partnerId)) {
                    EnumSet<Field> fields = EnumSet.noneOf(Field.class);
                    p.path("f").forEach(f -> fields.add(Field.fromConfigName(f.asText())));
                    recorded.computeIfAbsent(e.path("rid").asText(), id -> new ArrayList<>()).add(fields);
                }
            }
        }
        return payloads.stream()
                .filter(p -> !recorded.getOrDefault(p.requestId(), List.of()).contains(p.fields()))
                .toList();
    }

    private static JsonNode parse(String line) {
        try {
            return AdPodRequests.JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
