package dev.idgw.gateway.decision;

import com.iab.gpp.encoder.error.DecodingException;
import com.iab.gpp.encoder.section.EncodableSection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A US state section decoded by the gateway, read-only, behind the library's own {@link EncodableSection}
 * so that {@link GppSignal} reads it exactly like a section iabgpp-encoder decoded: the same field names
 * (Integer for Int(2), List&lt;Integer&gt; for lists, Boolean for Gpc) and the same
 * {@link DecodingException} for a string that is not well formed.
 */
final class DecodedStateSection implements EncodableSection {
    private final StateSectionLayout layout;
    private final String encoded;
    private final Map<String, Object> fields;

    private DecodedStateSection(StateSectionLayout layout, String encoded, Map<String, Object> fields) {
        this.layout = layout;
        this.encoded = encoded;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * Decodes {@code core[.gpc]}. Fails closed on anything no encoder writes: a character outside base64url,
     * a missing or extra segment, too few bits, extra non-pad characters, a non-zero pad bit, a version
     * other than 1, a value outside its field's range, a sub-section where the section has none, a GPC
     * sub-section of a type other than 1.
     */
    static DecodedStateSection decode(StateSectionLayout layout, String encoded) {
        String[] segments = encoded.split("\\.", -1);
        StateSectionLayout.Subsection sub = layout.subsection();
        if (segments.length > (sub == null ? 1 : 2)) {
            throw new DecodingException(layout.name() + ": unexpected sub-section");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        readSegment(segments[0], layout.core(), fields);
        if (sub != null) {
            fields.put(sub.includedField(), segments.length == 2);
            if (segments.length == 2) {
                readSegment(segments[1], sub.fields(), fields);
            }
        }
        return new DecodedStateSection(layout, encoded, fields);
    }

    private static void readSegment(String segment, List<StateSectionLayout.Field> layout, Map<String, Object> into) {
        GppBitReader reader = new GppBitReader(segment);
        for (StateSectionLayout.Field field : layout) {
            if (field.count() > 1) {
                List<Integer> values = new ArrayList<>(field.count());
                for (int i = 0; i < field.count(); i++) {
                    values.add(read(reader, field));
                }
                into.put(field.name(), List.copyOf(values));
            } else if (field.bits() == 1) {
                into.put(field.name(), read(reader, field) == 1);
            } else {
                into.put(field.name(), read(reader, field));
            }
        }
        reader.requirePaddingOnly();
    }

    private static int read(GppBitReader reader, StateSectionLayout.Field field) {
        int value = reader.readInt(field.bits());
        if (value < field.min() || value > field.max()) {
            throw new DecodingException("field out of range: " + field.name());
        }
        return value;
    }

    @Override
    public int getId() {
        return layout.id();
    }

    @Override
    public String getName() {
        return layout.name();
    }

    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public boolean hasField(String fieldName) {
        return fields.containsKey(fieldName);
    }

    @Override
    public Object getFieldValue(String fieldName) {
        return fields.get(fieldName);
    }

    /** The gateway only reads GPP; it never writes these sections. */
    @Override
    public void setFieldValue(String fieldName, Object value) {
        throw new UnsupportedOperationException("read-only: " + layout.name());
    }

    /** The string it was decoded from (well formed, so its own encoding). */
    @Override
    public String encode() {
        return encoded;
    }

    @Override
    public void decode(String encodedString) {
        throw new UnsupportedOperationException("read-only: decode with DecodedStateSection.decode");
    }
}
