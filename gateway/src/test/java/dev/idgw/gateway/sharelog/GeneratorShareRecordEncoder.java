package dev.idgw.gateway.sharelog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.idgw.partners.Field;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The share record's canonical JSON as the Jackson generator wrote it before {@link ShareRecordCodec}
 * moved to {@code JsonOut}: the reference that keeps every stored entry's bytes, and so its hash, the
 * same.
 */
final class GeneratorShareRecordEncoder {
    private static final int FORMAT_VERSION = ShareRecordCodec.FORMAT_VERSION;
    private static final JsonFactory FACTORY = new JsonFactory();

    private GeneratorShareRecordEncoder() {
    }

    /** The canonical JSON of a record at position {@code seq} of its writer's chain. */
    static String encode(ShareRecord r, long seq, String prevHash) {
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

}
