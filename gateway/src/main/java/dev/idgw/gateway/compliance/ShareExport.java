package dev.idgw.gateway.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.partners.Field;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.stream.Collectors;

/**
 * Export formats of share-log entries. NDJSON: one line per entry, the entry's canonical JSON with its
 * stored hash added as a last field {@code "h"}, so the offline verifier can rebuild the exact bytes
 * that were hashed. CSV: one row per (entry, partner), for spreadsheets; its last column lists the
 * restricting signals the request carried (why other partners got less), codes joined by '|'.
 */
public final class ShareExport {
    public static final String CSV_HEADER = "time,writer,seq,request_id,subject,subject_key,jurisdiction,partner,role,"
            + "partner_category,fields,pi_categories,legal_basis,consent_version,rules_version,hash,config_version,"
            + "restricting_signals\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShareExport() {
    }

    public static String ndjsonLine(String storedJson, String storedHash) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(storedJson);
            node.put("h", storedHash);
            // Bytes, not a String: Jackson's UTF-8 generator escapes surrogates (emoji, and lone ones that
            // UTF-8 cannot carry) exactly as ShareRecordCodec does, so the line keeps the stored text.
            return new String(JSON.writeValueAsBytes(node), StandardCharsets.UTF_8) + "\n";
        } catch (IOException | ClassCastException e) {
            // An entry that does not parse is exported as it is stored, so verification can point at it.
            return "{\"unreadable\":" + quote(storedJson) + ",\"h\":" + quote(storedHash) + "}\n";
        }
    }

    public static String csvRows(ChainedEntry e) {
        StringBuilder out = new StringBuilder();
        var r = e.record();
        for (ShareEntry p : r.partners()) {
            out.append(csv(r.time().toString())).append(',').append(csv(r.writerId())).append(',').append(e.seq())
                    .append(',').append(csv(r.requestId())).append(',').append(csv(r.subject())).append(',')
                    .append(csv(r.subjectKeyId())).append(',').append(csv(r.jurisdiction())).append(',')
                    .append(csv(p.partnerId())).append(',').append(csv(p.role().configName())).append(',')
                    .append(csv(p.partnerCategory())).append(',')
                    .append(csv(EnumSet.copyOf(p.fields()).stream().map(Field::configName).collect(Collectors.joining("|"))))
                    .append(',').append(csv(String.join("|", p.piCategories()))).append(',')
                    .append(csv(p.legalBasis())).append(',').append(r.consentVersion()).append(',')
                    .append(csv(r.rulesVersion())).append(',').append(csv(e.hash())).append(',')
                    .append(csv(r.configVersion())).append(',').append(csv(String.join("|", r.signals()))).append('\n');
        }
        return out.toString();
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
    static String csv(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
