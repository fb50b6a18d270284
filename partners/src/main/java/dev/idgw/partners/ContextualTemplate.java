package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The part of a partner's bid request that is the same for every partner: a {@link ContextualRequest}
 * (the player's request through {@link ContextualAllowlist}) rendered once through the request's leak
 * guard. What every partner's payload shares is written as pre-encoded bytes ({@link
 * PartnerPayloadBuilder} splices them), so three partners cost one rendering, not three.
 *
 * <p>Rendered straight to UTF-8 by one generator: the three segments are slices of that one output.
 */
public final class ContextualTemplate implements ImpIdMap {
    private static final JsonFactory JSON = new JsonFactory();
    private static final SerializedString IMP = new SerializedString("imp");
    private static final SerializedString DEVICE = new SerializedString("device");
    private static final SerializedString REGS = new SerializedString("regs");
    /** The one regs member the payload writer may overwrite, so it is kept apart rather than rendered twice. */
    private static final String COPPA = "coppa";

    private final RawMembers topFields;
    private final RawMembers deviceFields;
    private final RawMembers regsFields;
    private final Integer regsCoppa;
    private final List<String> playerImpIds;

    private ContextualTemplate(RawMembers topFields, RawMembers deviceFields, RawMembers regsFields,
                               Integer regsCoppa, List<String> playerImpIds) {
        this.topFields = topFields;
        this.deviceFields = deviceFields;
        this.regsFields = regsFields;
        this.regsCoppa = regsCoppa;
        this.playerImpIds = playerImpIds;
    }

    /**
     * @param guard drops any player string that carries this request's identity (or looks like anyone's)
     */
    public static ContextualTemplate from(ContextualRequest request, LeakGuard guard) {
        ExactBytesOutput out = new ExactBytesOutput();
        int topEnd;
        int deviceStart;
        int deviceEnd;
        int regsStart;
        int regsEnd;
        try (JsonGenerator g = JSON.createGenerator(out)) {
            ContextualWriter w = new ContextualWriter(g, guard);
            g.writeStartObject();
            request.top().writeMembers(w, null);
            g.writeFieldName(IMP);
            g.writeStartArray();
            for (ContextualObject imp : request.imps()) {
                g.writeStartObject();
                imp.writeMembers(w, null);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (request.distribution() != null) {
                g.writeFieldName(request.distributionName());
                g.writeStartObject();
                request.distribution().writeMembers(w, null);
                g.writeEndObject();
            }
            topEnd = position(g, out);
            g.writeFieldName(DEVICE);
            g.writeStartObject();
            deviceStart = position(g, out);
            request.device().writeMembers(w, null);
            deviceEnd = position(g, out);
            g.writeEndObject();
            g.writeFieldName(REGS);
            g.writeStartObject();
            regsStart = position(g, out);
            request.regs().writeMembers(w, COPPA);
            regsEnd = position(g, out);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        byte[] json = out.toByteArray();
        return new ContextualTemplate(new RawMembers(json, 1, topEnd - 1),
                new RawMembers(json, deviceStart, deviceEnd - deviceStart),
                new RawMembers(json, regsStart, regsEnd - regsStart),
                request.regs().intValue(COPPA), request.playerImpIds());
    }

    /** Bytes written so far: what reached the sink plus what the generator still buffers. */
    private static int position(JsonGenerator g, ExactBytesOutput out) {
        return out.size() + g.getOutputBuffered();
    }

    /** Top-level contextual members (at, test, cur…, imp, app or site), without braces. */
    RawMembers topFields() {
        return topFields;
    }

    /** Contextual device members (ua, make, geo country/region…), without braces; never identity. */
    RawMembers deviceFields() {
        return deviceFields;
    }

    /** Contextual regs members except coppa (gdpr, us_privacy, gpp, gpp_sid), without braces. */
    RawMembers regsFields() {
        return regsFields;
    }

    /** The request's regs.coppa as sent (0 or 1), or null when absent. */
    Integer regsCoppa() {
        return regsCoppa;
    }

    /**
     * The player's imp id for our outbound imp id ("1" is the first imp), or null for an unknown one.
     * Read digit by digit: a partner naming an imp we never sent is not worth an exception.
     */
    @Override
    public String playerImpId(String outboundImpId) {
        if (outboundImpId == null) {
            return null;
        }
        int length = outboundImpId.length();
        int i = length > 0 && outboundImpId.charAt(0) == '+' ? 1 : 0; // as Integer.parseInt allowed
        if (i == length) {
            return null;
        }
        int n = 0;
        for (; i < length; i++) {
            char c = outboundImpId.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            n = n * 10 + (c - '0');
            if (n > playerImpIds.size()) {
                return null; // also stops before an overflow
            }
        }
        return n >= 1 ? playerImpIds.get(n - 1) : null;
    }

    /** The contextual part alone as one JSON object (no id, tmax or identity): for tests and diagnostics. */
    public String contextualJson() {
        StringBuilder json = new StringBuilder("{").append(topFields.getValue());
        json.append(json.length() > 1 ? "," : "").append("\"device\":{").append(deviceFields.getValue()).append("}");
        json.append(",\"regs\":{");
        if (regsCoppa != null) {
            json.append("\"coppa\":").append(regsCoppa).append(regsFields.isEmpty() ? "" : ",");
        }
        return json.append(regsFields.getValue()).append("}}").toString();
    }
}
