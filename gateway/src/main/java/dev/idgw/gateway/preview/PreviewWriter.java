package dev.idgw.gateway.preview;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.idgw.gateway.auction.RequestDecisions;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.decision.Decision;
import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.Reason;
import dev.idgw.gateway.decision.ReasonWords;
import dev.idgw.gateway.decision.RequestSignals;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Preview} as the JSON answer of {@code POST /internal/v1/preview}. Each partner's {@code payload} is
 * spliced in as the exact bytes the auction's writer produced, not re-encoded, so it is the partner's body to the
 * byte. Member names are camelCase as in the consent API's views; codes (reasons, statuses, roles) as the share log
 * and config spell them.
 */
public final class PreviewWriter {
    private static final JsonFactory JSON = new JsonFactory();
    static final List<String> NOTES = List.of(
            "Nothing was sent to any partner, no share record was written, and nothing was written to Redis.",
            "Every configured partner is shown as called: a preview does not ask the partners' circuit breakers or "
                    + "bulkheads, so a partner they refuse at that moment would not be called (and would get nothing).",
            "The payloads are the auction's own bytes, except: 'id' is a fresh UUID on every real request, 'tmax' "
                    + "is a few ms lower as time passes before the send, and a hashed email shows the caller's "
                    + "email (if given) or a placeholder, never the hash the consent record holds.",
            "The share record shown assumes its append succeeds; if it failed, every partner would be sent the "
                    + "payload stripped of identity (reason share_log_unavailable).");

    private PreviewWriter() {
    }

    public static byte[] write(Preview preview) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            RequestDecisions d = preview.decisions();
            g.writeStartObject();
            g.writeStringField("decidedAt", d.decidedAt().toString());
            g.writeStringField("policyVersion", d.policy().version());
            g.writeStringField("playerRequestId", d.request().playerRequestId());
            g.writeStringField("outboundRequestId", preview.outboundRequestId());
            g.writeNumberField("tmax", preview.tmaxMillis());
            consent(g, d.lookup());
            rule(g, d);
            signals(g, d.request().signals());
            g.writeStringField("optOutSignal", switch (preview.optOutSignal()) {
                case ABSENT -> null;
                case HONORED -> "honored";
                case NOT_HONORED -> "not-honored";
            });
            shareRecord(g, preview, d);
            g.writeArrayFieldStart("partners");
            for (PartnerPreview p : preview.partners()) {
                partner(g, p);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("notes");
            for (String note : NOTES) {
                g.writeString(note);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** The record's decision inputs only: never its email hash, only whether it holds one. */
    private static void consent(JsonGenerator g, ConsentLookup lookup) throws IOException {
        g.writeObjectFieldStart("consent");
        if (lookup instanceof ConsentLookup.Found found) {
            ConsentRecord r = found.record();
            g.writeStringField("lookup", "found");
            g.writeNumberField("version", r.version());
            g.writeStringField("updatedAt", r.updatedAt().toString());
            g.writeBooleanField("adConsent", r.adConsent());
            g.writeStringField("ageBand", r.ageBand().wireName());
            g.writeStringField("jurisdiction", r.jurisdiction());
            g.writeBooleanField("emailHashHeld", r.emailSha256() != null);
        } else if (lookup instanceof ConsentLookup.Malformed malformed) {
            g.writeStringField("lookup", "malformed");
            g.writeStringField("why", malformed.why()); // names the bad field, never its value
        } else if (lookup instanceof ConsentLookup.Unavailable unavailable) {
            g.writeStringField("lookup", "unavailable");
            g.writeStringField("why", unavailable.why());
        } else {
            g.writeStringField("lookup", "missing");
        }
        g.writeEndObject();
    }

    private static void rule(JsonGenerator g, RequestDecisions d) throws IOException {
        JurisdictionRule rule = d.rule();
        g.writeObjectFieldStart("rule");
        g.writeStringField("code", rule.code());
        g.writeStringField("label", rule.label());
        g.writeStringField("rulesVersion", d.rulesVersion());
        // The region's own rule, or the fallback for a region without one in force (or for no record at all).
        g.writeBooleanField("fallback", rule == d.policy().rules().fallback());
        g.writeStringField("regime", rule.regime().configName());
        g.writeBooleanField("gpcRequired", rule.gpcRequired());
        g.writeNumberField("minorAge", rule.minorAge());
        g.writeStringField("unknownAgeAs", rule.unknownAgeAs().wireName());
        g.writeStringField("minors", rule.minors().configName());
        g.writeStringField("effective", day(rule.effective()));
        g.writeStringField("until", day(rule.until()));
        g.writeEndObject();
    }

    private static String day(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static void signals(JsonGenerator g, RequestSignals s) throws IOException {
        g.writeObjectFieldStart("signals");
        g.writeBooleanField("gpc", s.gpc());
        g.writeBooleanField("coppa", s.coppa());
        g.writeBooleanField("lmt", s.limitAdTracking());
        g.writeStringField("usPrivacy", s.usPrivacy().name().toLowerCase(Locale.ROOT));
        g.writeObjectFieldStart("gpp");
        g.writeBooleanField("present", s.gpp().present());
        reasons(g, "restrictions", s.gpp().restrictions().stream().sorted().toList());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The share record as the auction would append it, minus what only a real append has (ids, the subject). */
    private static void shareRecord(JsonGenerator g, Preview preview, RequestDecisions d) throws IOException {
        g.writeObjectFieldStart("shareRecord");
        g.writeBooleanField("wouldBeWritten", !preview.shared().isEmpty());
        g.writeBooleanField("written", false);
        if (!preview.shared().isEmpty()) {
            ConsentRecord record = d.record(); // only a found record can share
            g.writeStringField("jurisdiction", record.jurisdiction());
            g.writeNumberField("consentVersion", record.version());
            g.writeStringField("rulesVersion", d.rulesVersion());
            g.writeStringField("configVersion", d.policy().version());
            g.writeArrayFieldStart("partners");
            for (ShareEntry e : preview.shared()) {
                g.writeStartObject();
                g.writeStringField("partner", e.partnerId());
                g.writeStringField("role", e.role().configName());
                g.writeStringField("category", e.partnerCategory());
                g.writeArrayFieldStart("fields");
                for (Field f : e.fields()) {
                    g.writeString(f.configName());
                }
                g.writeEndArray();
                g.writeArrayFieldStart("piCategories");
                for (String c : e.piCategories()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeStringField("legalBasis", e.legalBasis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("signals");
            for (String s : preview.restrictingSignals().stream().distinct().sorted().toList()) {
                g.writeString(s);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void partner(JsonGenerator g, PartnerPreview p) throws IOException {
        PartnerProfile partner = p.decided().partner();
        Decision decision = p.decided().decision();
        g.writeStartObject();
        g.writeStringField("id", partner.id());
        g.writeStringField("role", partner.role().configName());
        g.writeStringField("category", partner.category());
        g.writeBooleanField("called", true);
        g.writeObjectFieldStart("decision");
        g.writeStringField("outcome", decision instanceof Decision.Share ? "share" : "strip");
        if (decision instanceof Decision.Share share) {
            g.writeStringField("legalBasis", share.legalBasis());
        }
        reasons(g, "reasons", decision.reasons());
        g.writeEndObject();
        g.writeArrayFieldStart("fields"); // in the order hashed_email, device_id, ip
        for (Map.Entry<Field, FieldOutcome> e : p.fields().entrySet()) {
            FieldOutcome outcome = e.getValue();
            g.writeStartObject();
            g.writeStringField("field", e.getKey().configName());
            g.writeStringField("outcome", outcome.status().wireName());
            reasons(g, "reasons", outcome.reasons());
            g.writeStringField("why", outcome.why());
            if (e.getKey() == Field.HASHED_EMAIL && p.emailShown() != PartnerPreview.EmailShown.NONE) {
                g.writeStringField("shown", p.emailShown() == PartnerPreview.EmailShown.CALLER
                        ? "the caller's email, hashed in this partner's format (" + partner.emailHashFormat()
                        .configName() + "), where the consent record's hash would travel; not compared with it"
                        : "a placeholder where the consent record's hash travels (" + partner.emailHashFormat()
                        .configName() + "); give 'email' to see one in this partner's format");
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeFieldName("payload");
        g.writeRawValue(new String(p.payload(), StandardCharsets.UTF_8));
        g.writeEndObject();
    }

    /** Each reason as its code (what share records and metrics say) and in words. */
    private static void reasons(JsonGenerator g, String name, List<Reason> reasons) throws IOException {
        g.writeArrayFieldStart(name);
        for (Reason r : reasons) {
            g.writeStartObject();
            g.writeStringField("code", r.code());
            g.writeStringField("words", ReasonWords.of(r));
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
