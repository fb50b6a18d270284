package dev.idgw.partners;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.List;

/**
 * The part of a partner's bid request that is the same for every partner: a {@link ContextualRequest}
 * (the player's request through {@link ContextualAllowlist}) rendered once through the request's leak
 * guard. What every partner's payload shares is written as pre-encoded bytes ({@link
 * PartnerPayloadBuilder} splices them), so three partners cost one rendering, not three.
 *
 * <p>Rendered straight to UTF-8 by one {@link JsonOut}: the three segments are slices of that one output.
 */
public final class ContextualTemplate implements ImpIdMap {
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
        JsonOut out = JsonOut.reuse();
        ContextualWriter w = new ContextualWriter(out, guard);
        out.raw('{');
        w.continueContainer(false);
        request.top().writeMembers(w, null);
        w.member(IMP).startArray();
        for (ContextualObject imp : request.imps()) {
            w.startObject();
            imp.writeMembers(w, null);
            w.endObject();
        }
        w.endArray();
        if (request.distribution() != null) {
            w.member(request.distributionName()).startObject();
            request.distribution().writeMembers(w, null);
            w.endObject();
        }
        int topEnd = out.size();
        w.member(DEVICE).startObject();
        int deviceStart = out.size();
        request.device().writeMembers(w, null);
        int deviceEnd = out.size();
        w.endObject();
        w.member(REGS).startObject();
        int regsStart = out.size();
        request.regs().writeMembers(w, COPPA);
        int regsEnd = out.size();
        w.endObject();
        w.leaveContainer();
        byte[] json = out.raw('}').toByteArray();
        return new ContextualTemplate(new RawMembers(json, 1, topEnd - 1),
                new RawMembers(json, deviceStart, deviceEnd - deviceStart),
                new RawMembers(json, regsStart, regsEnd - regsStart),
                request.regs().intValue(COPPA), request.playerImpIds());
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
