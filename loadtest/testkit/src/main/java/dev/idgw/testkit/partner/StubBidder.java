package dev.idgw.testkit.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a BidRequest into the bytes a {@link StubPartner} answers with. No I/O here, so the answers can be checked
 * without a socket; the only state is a counter that keeps bid ids unique for the stub's lifetime.
 */
final class StubBidder {

    static final byte[] GARBAGE_BODY = "<html>502 upstream \u0000\u00ff not json".getBytes(StandardCharsets.UTF_8);
    static final byte[] WRONG_SHAPE_BODY = "{\"seatbid\":\"oops\"}".getBytes(StandardCharsets.UTF_8);
    static final byte[] SERVER_ERROR_BODY = "{\"error\":\"stub failure\"}".getBytes(StandardCharsets.UTF_8);
    /** Size of the padding in an {@link StubFailure#OVERSIZE} answer: well above any sane partner response. */
    static final int OVERSIZE_PADDING_CHARS = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String OVERSIZE_PADDING = "x".repeat(OVERSIZE_PADDING_CHARS);

    private final String name;
    private final AtomicLong bidSequence = new AtomicLong();

    StubBidder(String name) {
        this.name = name;
    }

    /**
     * Parses a request body that must be one JSON object.
     *
     * @throws IOException when it is not JSON, or not an object
     */
    static JsonNode parseRequest(byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        if (request == null || !request.isObject()) {
            throw new IOException("a BidRequest must be a JSON object");
        }
        return request;
    }

    /**
     * The BidResponse for a request: {@code bidsPerImp} bids for every imp, or {@code max(bidsPerImp, maxseq)}
     * for a dynamic pod imp. Has no {@code seatbid} bids at all when no imp gets a bid; the caller answers 204.
     */
    ObjectNode bidResponse(JsonNode request, StubBehavior behavior) {
        ObjectNode response = JSON.createObjectNode();
        JsonNode requestId = request.get("id");
        response.set("id", requestId != null && requestId.isValueNode() ? requestId : NullNode.getInstance());
        response.put("cur", "USD");
        ObjectNode seatbid = response.putArray("seatbid").addObject();
        seatbid.put("seat", name);
        ArrayNode bids = seatbid.putArray("bid");
        for (JsonNode imp : request.path("imp")) {
            String impId = imp.path("id").asText();
            int maxseq = imp.path("video").path("maxseq").asInt(0);
            int count = maxseq > 0 ? Math.max(behavior.bidsPerImp(), maxseq) : behavior.bidsPerImp();
            for (int index = 0; index < count; index++) {
                bids.add(bid(impId, index, behavior));
            }
        }
        return response;
    }

    static boolean hasBids(ObjectNode response) {
        return response.path("seatbid").path(0).path("bid").size() > 0;
    }

    /** A normal BidResponse inflated past several megabytes with an {@code ext} field. */
    byte[] oversizeResponse(JsonNode request, StubBehavior behavior) {
        ObjectNode response = bidResponse(request, behavior);
        response.putObject("ext").put("padding", OVERSIZE_PADDING);
        return toBytes(response);
    }

    static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode bid(String impId, int index, StubBehavior behavior) {
        String bidId = name + "-bid-" + bidSequence.incrementAndGet();
        int durationSeconds = behavior.durationOf(index);
        double price = behavior.priceOf(index);
        if (behavior.priceJitter()) {
            price += ThreadLocalRandom.current().nextDouble(StubBehavior.MAX_JITTER_CPM);
        }
        String adomainPrefix = behavior.adomainPrefix() != null ? behavior.adomainPrefix() : name;
        ObjectNode bid = JSON.createObjectNode();
        bid.put("id", bidId);
        bid.put("impid", impId);
        bid.put("price", price);
        bid.put("adm", vast(bidId, name + " ad " + index, durationSeconds, behavior.mediaFileTypes()));
        bid.putArray("adomain").add(adomainPrefix + "-" + index + ".example");
        bid.put("crid", name + "-crid-" + index);
        bid.put("dur", durationSeconds);
        bid.put("mtype", 2);
        if (index == 0 && behavior.slotInPod() != null) {
            bid.put("slotinpod", behavior.slotInPod());
        }
        return bid;
    }

    /** A minimal VAST 4.2 inline ad: enough for a pod assembler or a player to accept it. */
    static String vast(String adId, String title, int durationSeconds) {
        return vast(adId, title, durationSeconds, StubBehavior.DEFAULT_MEDIA_FILE_TYPES);
    }

    /** The same, with one MediaFile per entry of {@code mediaFileTypes} ({@code ""}: no type attribute). */
    static String vast(String adId, String title, int durationSeconds, List<String> mediaFileTypes) {
        StringBuilder files = new StringBuilder();
        for (String type : mediaFileTypes) {
            files.append("<MediaFile delivery=\"progressive\"");
            if (!type.isEmpty()) {
                files.append(" type=\"").append(escapeXml(type)).append('"');
            }
            files.append(" width=\"1920\" height=\"1080\"><![CDATA[http://127.0.0.1/ad.")
                    .append(type.isEmpty() ? "bin" : type.substring(type.indexOf('/') + 1))
                    .append("]]></MediaFile>");
        }
        return "<VAST version=\"4.2\"><Ad id=\"" + escapeXml(adId) + "\"><InLine>"
                + "<AdSystem>stub</AdSystem><AdTitle>" + escapeXml(title) + "</AdTitle>"
                + "<Impression><![CDATA[http://127.0.0.1/imp]]></Impression>"
                + "<Creatives><Creative><Linear><Duration>" + vastDuration(durationSeconds) + "</Duration>"
                + "<MediaFiles>" + files + "</MediaFiles>"
                + "</Linear></Creative></Creatives></InLine></Ad></VAST>";
    }

    static String vastDuration(int seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }
}
