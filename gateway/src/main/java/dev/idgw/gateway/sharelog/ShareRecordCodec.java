package dev.idgw.gateway.sharelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.partners.Field;
import dev.idgw.partners.JsonOut;
import dev.idgw.partners.PartnerRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The canonical JSON of a share record: fixed key order, partners sorted by id, fields in enum order,
 * no whitespace, time as epoch milliseconds. The same record always gives the same bytes, which is
 * what a hash chain needs (a map with varying key order cannot be hashed).
 *
 * <p>Written with {@link JsonOut}, whose strings are Jackson's byte for byte: the format is what the
 * Jackson generator that wrote the first ledgers produced, and {@code ShareRecordCodecTest} holds the two
 * to the same bytes, as every stored entry's hash depends on them.
 */
public final class ShareRecordCodec {
    public static final int FORMAT_VERSION = 1;
    /** Field.values() copies its array on every call. */
    private static final Field[] FIELDS = Field.values();
    private static final byte[] V = ascii("{\"v\":");
    private static final byte[] UID = ascii(",\"uid\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] RID = ascii(",\"rid\":");
    private static final byte[] W = ascii(",\"w\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] PREV = ascii(",\"prev\":");
    private static final byte[] SUBJ = ascii(",\"subj\":");
    private static final byte[] KID = ascii(",\"kid\":");
    private static final byte[] JUR = ascii(",\"jur\":");
    private static final byte[] CV = ascii(",\"cv\":");
    private static final byte[] RV = ascii(",\"rv\":");
    private static final byte[] CFG = ascii(",\"cfg\":");
    private static final byte[] SIG = ascii(",\"sig\":");
    private static final byte[] P = ascii(",\"p\":[");
    private static final byte[] PARTNER_ID = ascii("{\"id\":");
    private static final byte[] NEXT_PARTNER_ID = ascii(",{\"id\":");
    private static final byte[] ROLE = ascii(",\"role\":");
    private static final byte[] CAT = ascii(",\"cat\":");
    private static final byte[] F = ascii(",\"f\":");
    private static final byte[] PI = ascii(",\"pi\":");
    private static final byte[] BASIS = ascii(",\"basis\":");
    private static final byte[] OPEN = ascii("[");
    private static final byte[] COMMA = ascii(",");
    private static final byte[] CLOSE = ascii("]");
    private static final ObjectMapper READER = new ObjectMapper();

    private ShareRecordCodec() {
    }

    /** The canonical JSON of a record at position {@code seq} of its writer's chain. */
    public static String encode(ShareRecord r, long seq, String prevHash) {
        return write(r, seq, prevHash).toString();
    }

    /**
     * The record as the next entry of its chain: canonical JSON and entry hash from one writing, the
     * hash taken over the written bytes (no second encoding of the string to hash it).
     */
    public static ChainedEntry chain(ShareRecord r, long seq, String prevHash) {
        JsonOut json = write(r, seq, prevHash);
        String hash = EntryHash.of(json.array(), json.size());
        return new ChainedEntry(seq, prevHash, hash, json.toString(), r);
    }

    private static JsonOut write(ShareRecord r, long seq, String prevHash) {
        JsonOut out = JsonOut.reuse();
        out.raw(V).number(FORMAT_VERSION)
                .raw(UID).string(r.entryId())
                .raw(TS).number(r.time().toEpochMilli())
                .raw(RID).string(r.requestId())
                .raw(W).string(r.writerId())
                .raw(SEQ).number(seq)
                .raw(PREV).string(prevHash)
                .raw(SUBJ).string(r.subject())
                .raw(KID).string(r.subjectKeyId())
                .raw(JUR).string(r.jurisdiction())
                .raw(CV).number(r.consentVersion())
                .raw(RV).string(r.rulesVersion());
        if (!r.configVersion().isEmpty()) {
            out.raw(CFG).string(r.configVersion());
        }
        out.raw(SIG);
        strings(out, r.signals());
        out.raw(P);
        List<ShareEntry> partners = sortedById(r.partners());
        for (int i = 0; i < partners.size(); i++) {
            ShareEntry e = partners.get(i);
            out.raw(i == 0 ? PARTNER_ID : NEXT_PARTNER_ID).string(e.partnerId())
                    .raw(ROLE).string(e.role().configName())
                    .raw(CAT).string(e.partnerCategory())
                    .raw(F);
            boolean first = true;
            for (Field f : FIELDS) { // enum order, whatever set the entry holds
                if (e.fields().contains(f)) {
                    out.raw(first ? OPEN : COMMA).string(f.configName());
                    first = false;
                }
            }
            out.raw(CLOSE).raw(PI);
            strings(out, sorted(e.piCategories()));
            out.raw(BASIS).string(e.legalBasis()).raw('}');
        }
        return out.raw(']').raw('}');
    }

    /** A JSON array of strings, from its opening bracket to its closing one. */
    private static void strings(JsonOut out, List<String> values) {
        out.raw('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.string(values.get(i));
        }
        out.raw(']');
    }

    /** Partners by id; a record of one partner, or already in order, is not copied. */
    private static List<ShareEntry> sortedById(List<ShareEntry> partners) {
        for (int i = 1; i < partners.size(); i++) {
            if (partners.get(i - 1).partnerId().compareTo(partners.get(i).partnerId()) > 0) {
                List<ShareEntry> copy = new ArrayList<>(partners);
                copy.sort(Comparator.comparing(ShareEntry::partnerId));
                return copy;
            }
        }
        return partners;
    }

    private static List<String> sorted(List<String> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i - 1).compareTo(values.get(i)) > 0) {
                List<String> copy = new ArrayList<>(values);
                Collections.sort(copy);
                return copy;
            }
        }
        return values;
    }

    private static byte[] ascii(String constant) {
        return constant.getBytes(StandardCharsets.US_ASCII);
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
