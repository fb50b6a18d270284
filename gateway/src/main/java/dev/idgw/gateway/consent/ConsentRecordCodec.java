package dev.idgw.gateway.consent;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Between a {@link ConsentRecord} and the Redis hash fields of {@link ConsentKeys}. Strict on the way in. */
public final class ConsentRecordCodec {
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private ConsentRecordCodec() {
    }

    public static ConsentLookup decode(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return new ConsentLookup.Missing();
        }
        String ad = fields.get(ConsentKeys.AD_CONSENT);
        boolean granted = "1".equals(ad) || "true".equals(ad);
        if (!granted && !"0".equals(ad) && !"false".equals(ad)) {
            return new ConsentLookup.Malformed("ad is not 0 or 1");
        }
        String jurisdiction = fields.get(ConsentKeys.JURISDICTION);
        if (jurisdiction == null || !JURISDICTION.matcher(jurisdiction).matches()) {
            return new ConsentLookup.Malformed("jur is not a region code");
        }
        AgeBand age;
        try {
            // No age band is an unknown one; the region's rule decides what unknown means.
            age = AgeBand.fromWireName(fields.getOrDefault(ConsentKeys.AGE_BAND, AgeBand.UNKNOWN.wireName()));
        } catch (IllegalArgumentException e) {
            return new ConsentLookup.Malformed("age is not a known band");
        }
        byte[] email = null;
        String em = fields.get(ConsentKeys.EMAIL_SHA256);
        if (em != null && !em.isEmpty()) {
            if (!HEX64.matcher(em).matches()) {
                return new ConsentLookup.Malformed("em is not 64 lowercase hex");
            }
            email = HexFormat.of().parseHex(em);
        }
        long version;
        long updatedAt;
        try {
            // Version and time are bookkeeping for the share log; absent means 0, garbage means malformed.
            version = Long.parseLong(fields.getOrDefault(ConsentKeys.VERSION, "0"));
            updatedAt = Long.parseLong(fields.getOrDefault(ConsentKeys.UPDATED_AT, "0"));
        } catch (NumberFormatException e) {
            return new ConsentLookup.Malformed("v or ts is not a number");
        }
        if (version < 0 || updatedAt < 0) {
            return new ConsentLookup.Malformed("v or ts is negative");
        }
        return new ConsentLookup.Found(
                new ConsentRecord(granted, jurisdiction, age, email, version, Instant.ofEpochMilli(updatedAt)));
    }

    public static Map<String, String> encode(ConsentRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ConsentKeys.AD_CONSENT, record.adConsent() ? "1" : "0");
        fields.put(ConsentKeys.JURISDICTION, record.jurisdiction());
        fields.put(ConsentKeys.AGE_BAND, record.ageBand().wireName());
        if (record.emailSha256() != null) {
            fields.put(ConsentKeys.EMAIL_SHA256, HexFormat.of().formatHex(record.emailSha256()));
        }
        fields.put(ConsentKeys.VERSION, Long.toString(record.version()));
        fields.put(ConsentKeys.UPDATED_AT, Long.toString(record.updatedAt().toEpochMilli()));
        return fields;
    }

    /** Hash fields as the flat field, value, field, value… argument list HSET and the write scripts take. */
    public static String[] asArguments(Map<String, String> fields) {
        String[] out = new String[fields.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }
}
