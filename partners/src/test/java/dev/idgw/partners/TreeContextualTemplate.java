package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tree-walking contextual template that {@link ContextualRequest} and the streaming {@link
 * ContextualTemplate} replaced, kept as the reference they are held to ({@code
 * ContextualEquivalencePropertyTest}, and intake's {@code StreamingParserEquivalencePropertyTest}).
 * Unchanged but for its name.
 *
 * <p>The part of a partner's bid request that is the same for every partner: contextual fields copied
 * from the player's request through an allowlist. Nothing outside the lists below is copied, whatever
 * the player sent: no {@code user}, no {@code ext}, no {@code eids}, no ids other than our own, no
 * precise geo. Imp ids and pod ids are replaced by our own ("1", "2", …; "pod-1", …) so a player
 * cannot route an identifier through them. Built once per request and rendered to JSON once: what
 * every partner's payload shares is written as pre-encoded bytes ({@link PartnerPayloadBuilder} splices
 * them), so three partners cost one rendering, not three tree copies and three serializations.
 */
public final class TreeContextualTemplate implements ImpIdMap {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> VIDEO_INTS = Set.of("minduration", "maxduration", "startdelay", "plcmt",
            "placement", "linearity", "skip", "skipmin", "skipafter", "w", "h", "minbitrate", "maxbitrate",
            "boxingallowed", "podseq", "poddur", "maxseq", "slotinpod", "maxextended", "pos", "sequence");
    private static final Set<String> VIDEO_INT_ARRAYS = Set.of("protocols", "api", "playbackmethod", "delivery",
            "rqddurs", "battr", "companiontype");
    private static final Set<String> IMP_INTS = Set.of("secure", "ssai", "exp", "instl");
    private static final Set<String> TOP_STRING_ARRAYS = Set.of("cur", "bcat", "badv", "bapp", "wlang");
    private static final Set<String> APP_STRINGS = Set.of("id", "name", "bundle", "domain", "storeurl", "ver");
    private static final Set<String> SITE_STRINGS = Set.of("id", "name", "domain");
    private static final Set<String> DISTRIBUTION_INTS = Set.of("privacypolicy", "paid", "mobile");
    private static final Set<String> CAT_ARRAYS = Set.of("cat", "sectioncat", "pagecat");
    private static final Set<String> PUBLISHER_STRINGS = Set.of("id", "name", "domain");
    private static final Set<String> CONTENT_STRINGS = Set.of("id", "title", "series", "season", "genre",
            "contentrating", "userrating", "language", "langb", "artist", "album");
    private static final Set<String> CONTENT_INTS = Set.of("episode", "prodq", "context", "qagmediarating",
            "livestream", "sourcerelationship", "len", "embeddable");
    private static final Set<String> CHANNEL_STRINGS = Set.of("id", "name", "domain");
    private static final Set<String> DEVICE_STRINGS = Set.of("ua", "make", "model", "os", "osv", "hwv",
            "language", "langb");
    private static final Set<String> DEVICE_INTS = Set.of("devicetype", "h", "w", "ppi", "js", "connectiontype", "dnt");

    private final SerializedString topFields;
    private final SerializedString deviceFields;
    private final SerializedString regsFields;
    private final Integer regsCoppa;
    private final List<String> playerImpIds;

    private TreeContextualTemplate(ObjectNode template, List<String> playerImpIds) {
        ObjectNode device = (ObjectNode) template.remove("device");
        ObjectNode regs = (ObjectNode) template.remove("regs");
        // coppa is the one regs field the payload writer may overwrite (a request flagged COPPA says so
        // to every partner), so it is kept apart rather than rendered twice.
        JsonNode coppa = regs.remove("coppa");
        this.topFields = fieldsOf(template);
        this.deviceFields = fieldsOf(device);
        this.regsFields = fieldsOf(regs);
        this.regsCoppa = coppa == null ? null : coppa.intValue();
        this.playerImpIds = playerImpIds;
    }

    /** An object's members as JSON text without the braces ("" for none), UTF-8 encoded once. */
    private static SerializedString fieldsOf(ObjectNode node) {
        try {
            String json = JSON.writeValueAsString(node);
            return new SerializedString(json.substring(1, json.length() - 1));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always renders", e);
        }
    }

    /** Top-level contextual members (at, test, cur…, imp, app or site), without braces. */
    SerializedString topFields() {
        return topFields;
    }

    /** Contextual device members (ua, make, geo country/region…), without braces; never identity. */
    SerializedString deviceFields() {
        return deviceFields;
    }

    /** Contextual regs members except coppa (gdpr, us_privacy, gpp, gpp_sid), without braces. */
    SerializedString regsFields() {
        return regsFields;
    }

    /** The request's regs.coppa as sent (0 or 1), or null when absent. */
    Integer regsCoppa() {
        return regsCoppa;
    }

    /** The player's imp id for our outbound imp id ("1" is the first imp), or null for an unknown one. */
    @Override
    public String playerImpId(String outboundImpId) {
        try {
            int index = Integer.parseInt(outboundImpId) - 1;
            return index >= 0 && index < playerImpIds.size() ? playerImpIds.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The contextual part alone as one JSON object (no id, tmax or identity): for tests and diagnostics. */
    public String contextualJson() {
        StringBuilder json = new StringBuilder("{").append(topFields.getValue());
        json.append(json.length() > 1 ? "," : "").append("\"device\":{").append(deviceFields.getValue()).append("}");
        json.append(",\"regs\":{");
        if (regsCoppa != null) {
            json.append("\"coppa\":").append(regsCoppa).append(regsFields.getValue().isEmpty() ? "" : ",");
        }
        return json.append(regsFields.getValue()).append("}}").toString();
    }

    /**
     * @param request the player's BidRequest, already shape-checked (imp is a non-empty array of objects with video)
     */
    public static TreeContextualTemplate from(JsonNode request, LeakGuard guard) {
        ObjectNode out = NODES.objectNode();
        copyInt(request, out, "at");
        copyInt(request, out, "test");
        for (String name : TOP_STRING_ARRAYS) {
            copyStrings(request.get(name), out, name, guard);
        }
        Map<String, String> podIds = new LinkedHashMap<>();
        ArrayNode imps = out.putArray("imp");
        List<String> playerImpIds = new java.util.ArrayList<>();
        int n = 0;
        for (JsonNode imp : request.get("imp")) {
            n++;
            playerImpIds.add(imp.path("id").asText());
            imps.add(imp(imp, Integer.toString(n), podIds, guard));
        }
        JsonNode app = request.get("app");
        JsonNode site = request.get("site");
        if (app != null && app.isObject()) {
            out.set("app", distribution(app, APP_STRINGS, guard));
        } else if (site != null && site.isObject()) {
            out.set("site", distribution(site, SITE_STRINGS, guard));
        }
        out.set("device", device(request.path("device"), guard));
        out.set("regs", regs(request.path("regs"), guard));
        return new TreeContextualTemplate(out, List.copyOf(playerImpIds));
    }

    private static ObjectNode imp(JsonNode imp, String outboundId, Map<String, String> podIds, LeakGuard guard) {
        ObjectNode out = NODES.objectNode();
        out.put("id", outboundId);
        copyNumber(imp, out, "bidfloor");
        copyString(imp, out, "bidfloorcur", guard);
        for (String name : IMP_INTS) {
            copyInt(imp, out, name);
        }
        JsonNode video = imp.get("video");
        ObjectNode v = out.putObject("video");
        copyStrings(video.get("mimes"), v, "mimes", guard);
        for (String name : VIDEO_INTS) {
            copyInt(video, v, name);
        }
        for (String name : VIDEO_INT_ARRAYS) {
            copyInts(video.get(name), v, name);
        }
        copyNumber(video, v, "mincpmpersec");
        JsonNode podId = video.get("podid");
        if (podId != null && podId.isTextual()) {
            v.put("podid", podIds.computeIfAbsent(podId.asText(), k -> "pod-" + (podIds.size() + 1)));
        }
        return out;
    }

    private static ObjectNode distribution(JsonNode in, Set<String> strings, LeakGuard guard) {
        ObjectNode out = NODES.objectNode();
        for (String name : strings) {
            copyString(in, out, name, guard);
        }
        for (String name : DISTRIBUTION_INTS) {
            copyInt(in, out, name);
        }
        for (String name : CAT_ARRAYS) {
            copyStrings(in.get(name), out, name, guard);
        }
        JsonNode publisher = in.get("publisher");
        if (publisher != null && publisher.isObject()) {
            ObjectNode p = out.putObject("publisher");
            for (String name : PUBLISHER_STRINGS) {
                copyString(publisher, p, name, guard);
            }
            copyStrings(publisher.get("cat"), p, "cat", guard);
        }
        JsonNode content = in.get("content");
        if (content != null && content.isObject()) {
            out.set("content", content(content, guard));
        }
        return out;
    }

    private static ObjectNode content(JsonNode in, LeakGuard guard) {
        ObjectNode out = NODES.objectNode();
        for (String name : CONTENT_STRINGS) {
            copyString(in, out, name, guard);
        }
        for (String name : CONTENT_INTS) {
            copyInt(in, out, name);
        }
        copyStrings(in.get("cat"), out, "cat", guard);
        for (String nested : List.of("network", "channel", "producer")) {
            JsonNode node = in.get(nested);
            if (node != null && node.isObject()) {
                ObjectNode o = out.putObject(nested);
                for (String name : CHANNEL_STRINGS) {
                    copyString(node, o, name, guard);
                }
            }
        }
        return out;
    }

    private static ObjectNode device(JsonNode in, LeakGuard guard) {
        ObjectNode out = NODES.objectNode();
        if (!in.isObject()) {
            return out;
        }
        for (String name : DEVICE_STRINGS) {
            copyString(in, out, name, guard);
        }
        for (String name : DEVICE_INTS) {
            copyInt(in, out, name);
        }
        JsonNode geo = in.get("geo");
        if (geo != null && geo.isObject()) {
            ObjectNode g = NODES.objectNode();
            copyString(geo, g, "country", guard);
            copyString(geo, g, "region", guard);
            if (!g.isEmpty()) {
                out.set("geo", g); // country and region only: never lat/lon, city, zip or metro
            }
        }
        return out;
    }

    private static ObjectNode regs(JsonNode in, LeakGuard guard) {
        ObjectNode out = NODES.objectNode();
        if (!in.isObject()) {
            return out;
        }
        copyInt(in, out, "coppa");
        copyInt(in, out, "gdpr");
        JsonNode usp = in.get("us_privacy");
        if (usp != null && usp.isTextual() && usp.asText().matches("1[YN-]{3}")) {
            out.put("us_privacy", usp.asText());
        }
        JsonNode gpp = in.get("gpp");
        if (gpp != null && gpp.isTextual() && gpp.asText().matches("[A-Za-z0-9_\\-~.]{1,4096}") && guard.allows(gpp.asText())) {
            out.put("gpp", gpp.asText());
        }
        copyInts(in.get("gpp_sid"), out, "gpp_sid");
        return out;
    }

    private static void copyString(JsonNode in, ObjectNode out, String name, LeakGuard guard) {
        JsonNode v = in.get(name);
        if (v != null && v.isTextual() && guard.allows(v.asText())) {
            out.put(name, v.asText());
        }
    }

    private static void copyStrings(JsonNode v, ObjectNode out, String name, LeakGuard guard) {
        if (v == null || !v.isArray()) {
            return;
        }
        ArrayNode a = NODES.arrayNode();
        for (JsonNode item : v) {
            if (item.isTextual() && guard.allows(item.asText())) {
                a.add(item.asText());
            }
        }
        if (!a.isEmpty()) {
            out.set(name, a);
        }
    }

    private static void copyInt(JsonNode in, ObjectNode out, String name) {
        JsonNode v = in.get(name);
        if (v != null && v.isIntegralNumber() && v.canConvertToInt()) {
            out.put(name, v.intValue());
        }
    }

    private static void copyInts(JsonNode v, ObjectNode out, String name) {
        if (v == null || !v.isArray()) {
            return;
        }
        ArrayNode a = NODES.arrayNode();
        for (JsonNode item : v) {
            if (item.isIntegralNumber() && item.canConvertToInt()) {
                a.add(item.intValue());
            }
        }
        if (!a.isEmpty()) {
            out.set(name, a);
        }
    }

    private static void copyNumber(JsonNode in, ObjectNode out, String name) {
        JsonNode v = in.get(name);
        if (v != null && v.isNumber() && Double.isFinite(v.doubleValue())) {
            out.put(name, v.doubleValue());
        }
    }
}
