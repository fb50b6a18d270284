package dev.idgw.gateway.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Manifests as JSON files (what is signed is {@link SegmentManifest#signedBytes()}, not this JSON). */
final class ManifestCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestCodec() {
    }

    static byte[] write(SegmentManifest m) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", SegmentManifest.FORMAT).put("writer", m.writerId()).put("firstSeq", m.firstSeq())
                .put("lastSeq", m.lastSeq()).put("count", m.count()).put("firstPrev", m.firstPrev())
                .put("lastHash", m.lastHash()).put("firstTime", m.firstTimeMillis()).put("lastTime", m.lastTimeMillis())
                .put("dataSha256", m.dataSha256()).put("keyId", m.keyId()).put("signature", m.signature())
                .put("dataDeleted", m.dataDeleted());
        ArrayNode counts = n.putArray("counts");
        for (MonthlyCount c : m.counts()) {
            counts.addObject().put("month", c.month()).put("partner", c.partnerId()).put("role", c.role())
                    .put("partnerCategory", c.partnerCategory()).put("piCategory", c.piCategory())
                    .put("jurisdiction", c.jurisdiction()).put("count", c.count());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

    static SegmentManifest read(byte[] bytes) throws IOException {
        JsonNode n = JSON.readTree(bytes);
        if (!SegmentManifest.FORMAT.equals(n.path("format").asText())) {
            throw new IOException("not a " + SegmentManifest.FORMAT + " manifest");
        }
        List<MonthlyCount> counts = new ArrayList<>();
        for (JsonNode c : n.path("counts")) {
            counts.add(new MonthlyCount(c.path("month").asText(), c.path("partner").asText(), c.path("role").asText(),
                    c.path("partnerCategory").asText(), c.path("piCategory").asText(), c.path("jurisdiction").asText(),
                    c.path("count").asLong()));
        }
        try {
            return new SegmentManifest(n.path("writer").asText(), n.path("firstSeq").asLong(), n.path("lastSeq").asLong(),
                    n.path("count").asLong(), n.path("firstPrev").asText(), n.path("lastHash").asText(),
                    n.path("firstTime").asLong(), n.path("lastTime").asLong(), n.path("dataSha256").asText(),
                    n.path("keyId").asText(), counts, n.path("signature").asText(), n.path("dataDeleted").asBoolean());
        } catch (IllegalArgumentException e) {
            throw new IOException("manifest fields do not add up: " + e.getMessage(), e);
        }
    }
}
