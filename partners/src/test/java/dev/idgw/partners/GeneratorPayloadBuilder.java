package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The payload writer as it was before {@link JsonOut} (a Jackson generator per payload), kept as the
 * reference {@code PayloadAllowlistPropertyTest} holds {@link PartnerPayloadBuilder} to, byte for byte.
 *
 * <p>Its former description: one partner's OpenRTB 2.6 bid request: the contextual template plus exactly the identity an
 * {@link OutboundIdentity} carries. The only place identity values are written into a payload.
 *
 * <p>Written with a streaming generator: the template's pre-rendered members are spliced in as raw
 * bytes, identity values go through the generator (escaped). Raw members always come last in their
 * object so the generator's own comma bookkeeping stays right for everything it writes itself.
 */
final class GeneratorPayloadBuilder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final SerializedString COMMA = new SerializedString(",");

    private GeneratorPayloadBuilder() {
    }

    /**
     * @param outboundRequestId the gateway's own id for this request (never the player's)
     * @param tmaxMillis the time this partner has to answer
     * @param gpc whether the player sent {@code Sec-GPC: 1}, forwarded as {@code regs.ext.gpc}
     * @return the payload as UTF-8 JSON
     */
    static byte[] build(ContextualTemplate template, PartnerProfile profile, OutboundIdentity identity,
                               String outboundRequestId, long tmaxMillis, boolean gpc, boolean coppa) {
        // The generator buffers the whole payload and hands it over once: exactly its bytes, no copy.
        ExactBytesOutput out = new ExactBytesOutput();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", outboundRequestId);
            g.writeNumberField("tmax", tmaxMillis);
            raw(g, template.topFields(), true);
            device(g, template, identity);
            if (identity.hashedEmail() != null) {
                g.writeObjectFieldStart("user");
                g.writeArrayFieldStart("eids");
                g.writeStartObject();
                g.writeStringField("source", profile.emailEidSource());
                g.writeNumberField("mm", 3); // AdCOM match method: authenticated
                g.writeArrayFieldStart("uids");
                g.writeStartObject();
                g.writeStringField("id", identity.hashedEmail());
                g.writeNumberField("atype", 3);
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            }
            regs(g, template, gpc, coppa);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toByteArray();
    }

    private static void device(JsonGenerator g, ContextualTemplate template, OutboundIdentity identity)
            throws IOException {
        g.writeObjectFieldStart("device");
        g.writeNumberField("lmt", identity.limitTracking() ? 1 : 0);
        if (identity.deviceId() != null) {
            g.writeStringField("ifa", identity.deviceId());
            if (identity.ifaType() != null) {
                g.writeObjectFieldStart("ext");
                g.writeStringField("ifa_type", identity.ifaType());
                g.writeEndObject();
            }
        }
        if (identity.ipv4() != null) {
            g.writeStringField("ip", identity.ipv4());
        }
        if (identity.ipv6() != null) {
            g.writeStringField("ipv6", identity.ipv6());
        }
        raw(g, template.deviceFields(), true);
        g.writeEndObject();
    }

    private static void regs(JsonGenerator g, ContextualTemplate template, boolean gpc, boolean coppa)
            throws IOException {
        g.writeObjectFieldStart("regs");
        boolean written = false;
        if (coppa || template.regsCoppa() != null) {
            g.writeNumberField("coppa", coppa ? 1 : template.regsCoppa());
            written = true;
        }
        if (gpc) {
            g.writeObjectFieldStart("ext");
            g.writeStringField("gpc", "1");
            g.writeEndObject();
            written = true;
        }
        raw(g, template.regsFields(), written);
        g.writeEndObject();
    }

    /** Splices pre-rendered members after what the generator wrote; {@code afterOthers}: a comma first. */
    private static void raw(JsonGenerator g, RawMembers members, boolean afterOthers) throws IOException {
        if (!members.isEmpty()) {
            if (afterOthers) {
                g.writeRaw(COMMA);
            }
            g.writeRaw(members);
        }
    }
}
