package dev.idgw.partners;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One partner's OpenRTB 2.6 bid request: the contextual template plus exactly the identity an
 * {@link OutboundIdentity} carries. The only place identity values are written into a payload.
 */
public final class PartnerPayloadBuilder {
    private PartnerPayloadBuilder() {
    }

    /**
     * @param outboundRequestId the gateway's own id for this request (never the player's)
     * @param tmaxMillis the time this partner has to answer
     * @param gpc whether the player sent {@code Sec-GPC: 1}, forwarded as {@code regs.ext.gpc}
     */
    public static ObjectNode build(ContextualTemplate template, PartnerProfile profile, OutboundIdentity identity,
                                   String outboundRequestId, long tmaxMillis, boolean gpc, boolean coppa) {
        ObjectNode request = template.copy();
        request.put("id", outboundRequestId);
        request.put("tmax", tmaxMillis);
        ObjectNode device = (ObjectNode) request.get("device");
        if (identity.deviceId() != null) {
            device.put("ifa", identity.deviceId());
            if (identity.ifaType() != null) {
                device.putObject("ext").put("ifa_type", identity.ifaType());
            }
        }
        if (identity.ipv4() != null) {
            device.put("ip", identity.ipv4());
        }
        if (identity.ipv6() != null) {
            device.put("ipv6", identity.ipv6());
        }
        device.put("lmt", identity.limitTracking() ? 1 : 0);
        if (identity.hashedEmail() != null) {
            ObjectNode eid = request.putObject("user").putArray("eids").addObject();
            eid.put("source", profile.emailEidSource());
            eid.put("mm", 3); // AdCOM match method: authenticated
            eid.putArray("uids").addObject().put("id", identity.hashedEmail()).put("atype", 3);
        }
        ObjectNode regs = (ObjectNode) request.get("regs");
        if (coppa) {
            regs.put("coppa", 1);
        }
        if (gpc) {
            regs.putObject("ext").put("gpc", "1");
        }
        return request;
    }
}
