package dev.idgw.gateway.preview;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.idgw.gateway.body.StrictJsonObject;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.intake.AdPodRequest;
import dev.idgw.gateway.intake.AdPodRequestParser;
import dev.idgw.partners.IpAddresses;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A preview body: {@code {"request": <ad-pod request>, "headers": {"Sec-GPC": "1", "X-Forwarded-For": "…"},
 * "peerAddress": "203.0.113.7", "email": "…", "at": "2027-01-01T00:00:00Z"}}, only {@code request} required.
 *
 * <p>The envelope is read strictly (an object, no duplicate or unknown member, nothing after it); the
 * {@code request} member is handed, as the exact bytes the caller sent, to the player route's own
 * {@link AdPodRequestParser}, so the preview reads a request exactly as {@code /openrtb2/adpod} would (numbers
 * and strings as written, the same 400s). {@code peerAddress} stands for the player's TCP peer: the address used
 * when the request names none, and the one {@code X-Forwarded-For} is believed from only when it is a trusted
 * proxy. Without it there is no peer (the operator's own address would be a lie about the player).
 */
public final class PreviewRequestParser {
    private static final Set<String> FIELDS = Set.of("request", "headers", "peerAddress", "email", "at");
    private static final String SEC_GPC = "sec-gpc";
    private static final String FORWARDED_FOR = "x-forwarded-for";
    /** The envelope holds the request, so it is read with the player parser's limits, one level deeper. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(33).maxStringLength(64 * 1024).maxNumberLength(64).build())
            .build();

    private final AdPodRequestParser adPods;

    public PreviewRequestParser(AdPodRequestParser adPods) {
        this.adPods = adPods;
    }

    public PreviewRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.badRequest("empty body: expected a JSON object with a 'request' member");
        }
        Envelope e = new Envelope();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw GatewayException.badRequest("body must be a JSON object");
            }
            Set<String> seen = new HashSet<>();
            String name;
            while ((name = p.nextFieldName()) != null) {
                if (!FIELDS.contains(name)) {
                    throw GatewayException.badRequest("unknown field " + StrictJsonObject.quotedIfPlain(name)
                            + " (allowed: at, email, headers, peerAddress, request)");
                }
                if (!seen.add(name)) {
                    throw GatewayException.badRequest(name + ": given twice");
                }
                p.nextToken();
                switch (name) {
                    case "request" -> e.request = rawObject(p, body);
                    case "headers" -> headers(p, e);
                    case "peerAddress" -> e.peerAddress = address(text(p, "peerAddress"));
                    case "email" -> e.email = email(text(p, "email"));
                    default -> e.at = instant(text(p, "at"));
                }
            }
            if (p.nextToken() != null) {
                throw GatewayException.badRequest("body is not valid JSON: something follows the object");
            }
        } catch (JsonProcessingException ex) {
            throw GatewayException.badRequest("body is not valid JSON"
                    + (ex.getLocation() == null ? "" : " (line " + ex.getLocation().getLineNr() + ", column "
                    + ex.getLocation().getColumnNr() + ")"));
        } catch (IOException ex) {
            throw GatewayException.badRequest("body is not valid JSON");
        }
        if (e.request == null) {
            throw GatewayException.badRequest("request: required (the ad-pod request a player would POST to "
                    + "/openrtb2/adpod)");
        }
        AdPodRequest adPod;
        try {
            adPod = adPods.parse(e.request, e.secGpc, e.peerAddress, e.forwardedFor);
        } catch (GatewayException ex) {
            throw GatewayException.badRequest("request: " + ex.detail());
        }
        return new PreviewRequest(adPod, Optional.ofNullable(e.email), Optional.ofNullable(e.at));
    }

    /** What the envelope said, member by member. */
    private static final class Envelope {
        private byte[] request;
        private String secGpc;
        private String forwardedFor;
        private String peerAddress;
        private byte[] email;
        private Instant at;
    }

    /** The member's object exactly as sent: the parser after it reads the bytes, not a re-encoding. */
    private static byte[] rawObject(JsonParser p, byte[] body) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw GatewayException.badRequest("request: must be a JSON object (an OpenRTB 2.6 BidRequest)");
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentTokenLocation().getByteOffset() + 1; // just past the closing brace
        return Arrays.copyOfRange(body, start, end);
    }

    /** Only the headers the player route reads; names in any case, as HTTP has them. */
    private static void headers(JsonParser p, Envelope e) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw GatewayException.badRequest("headers: must be an object of header names to strings");
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            p.nextToken();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(SEC_GPC) && !lower.equals(FORWARDED_FOR)) {
                throw GatewayException.badRequest("headers: " + StrictJsonObject.quotedIfPlain(name)
                        + " is not read by the gateway (only Sec-GPC and X-Forwarded-For are)");
            }
            String value = text(p, "headers." + name);
            if (lower.equals(SEC_GPC) ? e.secGpc != null : e.forwardedFor != null) {
                throw GatewayException.badRequest("headers: " + name + " given twice");
            }
            if (lower.equals(SEC_GPC)) {
                e.secGpc = value;
            } else {
                e.forwardedFor = value;
            }
        }
    }

    private static String text(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw GatewayException.badRequest(name + ": must be a string");
        }
        return p.getText();
    }

    private static String address(String text) {
        if (text != null && IpAddresses.parseV4(text).isEmpty() && IpAddresses.parseV6(text).isEmpty()) {
            throw GatewayException.badRequest("peerAddress: must be an IPv4 or IPv6 address");
        }
        return text;
    }

    private static byte[] email(String text) {
        if (text == null) {
            return null;
        }
        return EmailHash.of(text).orElseThrow(() -> GatewayException.badRequest(
                "email: not an email address, nor a SHA-256 hash (64 hex or 44 base64)"));
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException ex) {
            throw GatewayException.badRequest("at: must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z");
        }
    }
}
