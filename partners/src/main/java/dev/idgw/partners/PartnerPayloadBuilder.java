package dev.idgw.partners;

import java.nio.charset.StandardCharsets;

/**
 * One partner's OpenRTB 2.6 bid request: the contextual template plus exactly the identity an
 * {@link OutboundIdentity} carries. The only place identity values are written into a payload.
 *
 * <p>Written with {@link JsonOut}: the template's pre-rendered members are copied in as bytes, identity
 * values are written as JSON strings (escaped as Jackson escapes them), member names are constants
 * encoded once. {@link #write} leaves the payload in the thread's writer (the gateway copies it once into the
 * pooled body it sends); {@link #build} returns it as an array of exactly its size.
 */
public final class PartnerPayloadBuilder {
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] TMAX = ascii(",\"tmax\":");
    private static final byte[] DEVICE_LMT = ascii(",\"device\":{\"lmt\":");
    private static final byte[] IFA = ascii(",\"ifa\":");
    private static final byte[] IFA_TYPE = ascii(",\"ext\":{\"ifa_type\":");
    private static final byte[] IP = ascii(",\"ip\":");
    private static final byte[] IPV6 = ascii(",\"ipv6\":");
    private static final byte[] USER_EID_SOURCE = ascii(",\"user\":{\"eids\":[{\"source\":");
    /** AdCOM match method 3: authenticated; agent type 3: a person-based id. */
    private static final byte[] MM_UIDS_ID = ascii(",\"mm\":3,\"uids\":[{\"id\":");
    private static final byte[] ATYPE_END = ascii(",\"atype\":3}]}]}");
    private static final byte[] REGS = ascii(",\"regs\":{");
    private static final byte[] COPPA = ascii("\"coppa\":");
    private static final byte[] GPC = ascii("\"ext\":{\"gpc\":\"1\"}");

    private PartnerPayloadBuilder() {
    }

    /**
     * @param outboundRequestId the gateway's own id for this request (never the player's)
     * @param tmaxMillis the time this partner has to answer
     * @param gpc whether the player sent {@code Sec-GPC: 1}, forwarded as {@code regs.ext.gpc}
     * @return the payload as UTF-8 JSON
     */
    public static byte[] build(ContextualTemplate template, PartnerProfile profile, OutboundIdentity identity,
                               String outboundRequestId, long tmaxMillis, boolean gpc, boolean coppa) {
        return write(template, profile, identity, outboundRequestId, tmaxMillis, gpc, coppa).toByteArray();
    }

    /**
     * As {@link #build}, into the thread's {@link JsonOut} and left there: the caller copies it out (the gateway
     * into pooled memory) before anything else on this thread writes JSON.
     */
    public static JsonOut write(ContextualTemplate template, PartnerProfile profile, OutboundIdentity identity,
                                String outboundRequestId, long tmaxMillis, boolean gpc, boolean coppa) {
        JsonOut out = JsonOut.reuse();
        out.raw(ID).string(outboundRequestId).raw(TMAX).number(tmaxMillis);
        members(out, template.topFields(), true);
        device(out, template, identity);
        if (identity.hashedEmail() != null) {
            out.raw(USER_EID_SOURCE).string(profile.emailEidSource())
                    .raw(MM_UIDS_ID).string(identity.hashedEmail()).raw(ATYPE_END);
        }
        regs(out, template, gpc, coppa);
        return out.raw('}');
    }

    private static void device(JsonOut out, ContextualTemplate template, OutboundIdentity identity) {
        out.raw(DEVICE_LMT).number(identity.limitTracking() ? 1 : 0);
        if (identity.deviceId() != null) {
            out.raw(IFA).string(identity.deviceId());
            if (identity.ifaType() != null) {
                out.raw(IFA_TYPE).string(identity.ifaType()).raw('}');
            }
        }
        if (identity.ipv4() != null) {
            out.raw(IP).string(identity.ipv4());
        }
        if (identity.ipv6() != null) {
            out.raw(IPV6).string(identity.ipv6());
        }
        members(out, template.deviceFields(), true);
        out.raw('}');
    }

    private static void regs(JsonOut out, ContextualTemplate template, boolean gpc, boolean coppa) {
        out.raw(REGS);
        boolean written = false;
        if (coppa || template.regsCoppa() != null) {
            out.raw(COPPA).number(coppa ? 1 : template.regsCoppa());
            written = true;
        }
        if (gpc) {
            if (written) {
                out.raw(',');
            }
            out.raw(GPC);
            written = true;
        }
        members(out, template.regsFields(), written);
        out.raw('}');
    }

    /** Copies pre-rendered members; {@code afterOthers}: a comma first. */
    private static void members(JsonOut out, RawMembers members, boolean afterOthers) {
        if (!members.isEmpty()) {
            if (afterOthers) {
                out.raw(',');
            }
            members.writeTo(out);
        }
    }

    private static byte[] ascii(String constant) {
        return constant.getBytes(StandardCharsets.US_ASCII);
    }
}
