package dev.idgw.gateway.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.partners.ContextualRequest;
import java.io.IOException;

/**
 * Turns a player's request body into an {@link AdPodRequest}, or a 400 that names the offending
 * field. Parsing is bounded (nesting depth, string and number lengths, duplicate keys rejected) so a
 * hostile body costs little. Only fields the gateway reads are type-checked; unknown fields are
 * allowed (OpenRTB 2.6 is extended monthly) and never forwarded anyway.
 *
 * <p>One streaming pass, no tree: {@link AdPodRequestReader} checks each member as it comes and hands
 * the contextual ones to a {@link ContextualRequest.Builder}, so the body is read once and what the
 * partners get is already reduced to the allowlist. Checks that span members (an imp needs a video,
 * minduration against maxduration, app or site, the address fallback) run when their object ends.
 */
public final class AdPodRequestParser {
    public static final int MAX_IMPS = 32;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32).maxStringLength(64 * 1024).maxNumberLength(64).build())
            // the same doubles as Double.parseDouble, read from the parser's buffer rather than a String made for it
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build(); // duplicate names: DuplicateNameRejectingParser, which allocates nothing per object

    private final TrustedProxies trustedProxies;

    public AdPodRequestParser(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * @param secGpc the {@code Sec-GPC} header value, or null
     * @param peerAddress the TCP peer's address
     * @param forwardedFor the {@code X-Forwarded-For} header, or null; believed only from a trusted proxy
     */
    public AdPodRequest parse(byte[] body, String secGpc, String peerAddress, String forwardedFor) {
        if (body == null || body.length == 0) {
            throw GatewayException.badRequest("empty body: expected an OpenRTB 2.6 BidRequest");
        }
        try (JsonParser p = new DuplicateNameRejectingParser(JSON.createParser(body))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw GatewayException.badRequest("empty body: expected an OpenRTB 2.6 BidRequest");
            }
            if (first != JsonToken.START_OBJECT) {
                throw GatewayException.badRequest("body must be a JSON object (an OpenRTB 2.6 BidRequest)");
            }
            AdPodRequestReader reader = new AdPodRequestReader();
            reader.readRoot(p);
            if (p.nextToken() != null) {
                throw notJson(p.currentTokenLocation());
            }
            return reader.finish(secGpc, peerAddress, forwardedFor, trustedProxies);
        } catch (JsonProcessingException e) {
            throw notJson(e.getLocation());
        } catch (IOException e) {
            throw GatewayException.badRequest("body is not valid JSON");
        }
    }

    /** Jackson's message may quote the input; say where, not what. */
    private static GatewayException notJson(JsonLocation loc) {
        return GatewayException.badRequest("body is not valid JSON"
                + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
    }
}
