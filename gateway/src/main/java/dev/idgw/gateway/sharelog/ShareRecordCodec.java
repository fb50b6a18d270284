package dev.idgw.gateway.sharelog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The canonical JSON of a share record: fixed key order, partners sorted by id, fields in enum order,
 * no whitespace, time as epoch milliseconds. The same record always gives the same bytes, which is
 * what a hash chain needs (a map with varying key order cannot be hashed).
 */
public final class ShareRecordCodec {
    public static final int FORMAT_VERSION = 1;
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper();

    private ShareRecordCodec() {
    }

    /** The canonical JSON of a record at position {@code seq} of its writer's chain. */
    public static String encode(ShareRecord r, long seq, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("uid", r.entryId());
            g.writeNumberField("ts", r.time().toEpochMilli());
            g.writeStringField("rid", r.requestId());
            g.writeStringField("w", r.writerId());
            g.writeNumberField("seq", seq);
            g.writeStringField("prev", prevHash);
            g.writeStringField("subj", r.subject());
            g.writeStringField("kid", r.subjectKeyId());
            g.writeStringField("jur", r.jurisdiction());
            g.writeNumberField("cv", r.consentVersion());
            g.writeStringField("rv", r.rulesVersion());
            if (!r.configVersion().isEmpty()) {
                g.writeStringField("cfg", r.configVersion());
            }
            g.writeArrayFieldStart("sig");
            for (String signal : r.signals()) {
                g.writeString(signal);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("p");
            List<ShareEntry> partners = new ArrayList<>(r.partners());
            partners.sort(Comparator.comparing(ShareEntry::partnerId));
            for (ShareEntry e : partners) {
                g.writeStartObject();
                g.writeStringField("id", e.partnerId());
                g.writeStringField("role", e.role().configName());
                g.writeStringField("cat", e.partnerCategory());
                g.writeArrayFieldStart("f");
                for (Field f : EnumSet.copyOf(e.fields())) {
                    g.writeString(f.configName());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("pi");
                for (String c : e.piCategories().stream().sorted().toList()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeStringField("basis", e.legalBasis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A chained entry from its stored JSON; the hash is recomputed here, never trusted from storage. */
    public static ChainedEntry decode(String json) {
        try {
            JsonNode n = READER.readTree(json);
            if (n.path("v").asInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown share record format " + n.path("v"));
            }
            List<ShareEntry> partners = new ArrayList<>();
            for (JsonNode p : n.get("p")) {
                EnumSet<Field> fields = EnumSet.noneOf(Field.class);
                p.get("f").forEach(f -> fields.add(Field.fromConfigName(f.asText())));
                List<String> pi = new ArrayList<>();
                p.get("pi").forEach(c -> pi.add(c.asText()));
                partners.add(new ShareEntry(p.get("id").asText(), PartnerRole.fromConfigName(p.get("role").asText()),
                        p.get("cat").asText(), fields, pi, p.get("basis").asText()));
            }
            List<String> signals = new ArrayList<>();
            n.path("sig").forEach(x -> signals.add(x.asText()));
            ShareRecord record = new ShareRecord(n.get("uid").asText(), Instant.ofEpochMilli(n.get("ts").asLong()),
                    n.get("rid").asText(), n.get("w").asText(), n.get("subj").asText(), n.get("kid").asText(),
                    n.get("jur").asText(), n.get("cv").asLong(), n.get("rv").asText(), partners, signals,
                    n.path("cfg").asText(""));
            return new ChainedEntry(n.get("seq").asLong(), n.get("prev").asText(), EntryHash.of(json), json, record);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a share record", e);
        }
    }
}
