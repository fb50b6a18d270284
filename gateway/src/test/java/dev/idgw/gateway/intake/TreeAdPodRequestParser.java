package dev.idgw.gateway.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.idgw.gateway.decision.GppSignal;
import dev.idgw.gateway.decision.RequestSignals;
import dev.idgw.gateway.decision.UsPrivacySignal;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.pod.PodImp;
import dev.idgw.partners.IpAddresses;
import dev.idgw.partners.PlayerIdentity;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tree-reading parser that {@link AdPodRequestParser} replaced, kept as the reference it is held to
 * ({@code StreamingParserEquivalencePropertyTest}). Unchanged but for its name and its result, which
 * keeps the tree the old {@code AdPodRequest} carried.
 *
 * <p>Turns a player's request body into an {@link AdPodRequest}, or a 400 that names the offending
 * field. Parsing is bounded (nesting depth, string and number lengths, duplicate keys rejected) so a
 * hostile body costs little. Only fields the gateway reads are type-checked; unknown fields are
 * allowed (OpenRTB 2.6 is extended monthly) and never forwarded anyway.
 */
final class TreeAdPodRequestParser {
    /** The old {@code AdPodRequest}: the body as a tree rather than its contextual members. */
    record TreeAdPodRequest(String playerRequestId, JsonNode body, List<PodImp> imps, Optional<Duration> tmax,
                            Optional<String> deviceId, PlayerIdentity identity, RequestSignals signals,
                            String geoRegion) {
    }

    private static final int MAX_IMPS = 32;
    private static final int MAX_ID_LENGTH = 128;
    private static final String ZERO_IFA = "00000000-0000-0000-0000-000000000000";
    private static final Pattern ID_CHARS = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern IFA_TYPE = Pattern.compile("[a-z0-9_]{1,16}");

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32).maxStringLength(64 * 1024).maxNumberLength(64).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final TrustedProxies trustedProxies;

    TreeAdPodRequestParser(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * @param secGpc the {@code Sec-GPC} header value, or null
     * @param peerAddress the TCP peer's address
     * @param forwardedFor the {@code X-Forwarded-For} header, or null; believed only from a trusted proxy
     */
    TreeAdPodRequest parse(byte[] body, String secGpc, String peerAddress, String forwardedFor) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw GatewayException.badRequest("body must be a JSON object (an OpenRTB 2.6 BidRequest)");
        }
        String id = requiredId(root, "id");
        Optional<Duration> tmax = optionalPositiveInt(root, "tmax", "tmax").map(Duration::ofMillis);
        List<PodImp> imps = imps(root);
        JsonNode device = optionalObject(root, "device", "device");
        JsonNode regs = optionalObject(root, "regs", "regs");
        optionalObject(root, "app", "app");
        optionalObject(root, "site", "site");
        optionalObject(root, "user", "user");
        if (!root.path("app").isMissingNode() && !root.path("site").isMissingNode()) {
            throw GatewayException.badRequest("app and site: a request has one or the other");
        }

        Optional<String> deviceId = deviceId(device);
        String ifaType = ifaType(device);
        Inet4Address ipv4 = null;
        Inet6Address ipv6 = null;
        String deviceIp = optionalString(device, "ip", "device.ip");
        if (deviceIp != null) {
            ipv4 = IpAddresses.parseV4(deviceIp)
                    .orElseThrow(() -> GatewayException.badRequest("device.ip: not an IPv4 address"));
        }
        String deviceIpv6 = optionalString(device, "ipv6", "device.ipv6");
        if (deviceIpv6 != null) {
            ipv6 = IpAddresses.parseV6(deviceIpv6)
                    .orElseThrow(() -> GatewayException.badRequest("device.ipv6: not an IPv6 address"));
        }
        if (ipv4 == null && ipv6 == null) {
            String closest = trustedProxies.clientAddress(peerAddress, forwardedFor);
            ipv4 = IpAddresses.parseV4(closest).orElse(null);
            ipv6 = ipv4 != null ? null : IpAddresses.parseV6(closest).orElse(null);
        }
        boolean lmt = flag(device, "lmt", "device.lmt");
        optionalPositiveInt(device, "devicetype", "device.devicetype");
        optionalString(device, "ua", "device.ua");
        JsonNode geo = optionalObject(device, "geo", "device.geo");
        String geoRegion = geoRegion(geo);

        boolean coppa = flag(regs, "coppa", "regs.coppa");
        String usPrivacy = optionalString(regs, "us_privacy", "regs.us_privacy");
        String gpp = optionalString(regs, "gpp", "regs.gpp");
        List<Integer> gppSid = intList(regs, "gpp_sid", "regs.gpp_sid");
        RequestSignals signals = new RequestSignals(gpc(secGpc) || regsExtGpc(regs), coppa, lmt, UsPrivacySignal.parse(usPrivacy),
                GppSignal.decode(gpp, gppSid));

        PlayerIdentity identity = new PlayerIdentity(deviceId.orElse(null), deviceId.isPresent() ? ifaType : null,
                ipv4, ipv6, null);
        return new TreeAdPodRequest(id, root, imps, tmax, deviceId, identity, signals, geoRegion);
    }

    private static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw GatewayException.badRequest("empty body: expected an OpenRTB 2.6 BidRequest");
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw GatewayException.badRequest("empty body: expected an OpenRTB 2.6 BidRequest");
            }
            return root;
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the input; say where, not what.
            var loc = e.getLocation();
            throw GatewayException.badRequest("body is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        } catch (IOException e) {
            throw GatewayException.badRequest("body is not valid JSON");
        }
    }

    private static List<PodImp> imps(JsonNode root) {
        JsonNode imps = root.get("imp");
        if (imps == null || imps.isNull()) {
            throw GatewayException.badRequest("imp: missing; an ad-pod request needs at least one video imp");
        }
        if (!imps.isArray() || imps.isEmpty()) {
            throw GatewayException.badRequest("imp: must be a non-empty array");
        }
        if (imps.size() > MAX_IMPS) {
            throw GatewayException.badRequest("imp: at most " + MAX_IMPS + " imps per request");
        }
        List<PodImp> out = new ArrayList<>(imps.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < imps.size(); i++) {
            String at = "imp[" + i + "]";
            JsonNode imp = imps.get(i);
            if (!imp.isObject()) {
                throw GatewayException.badRequest(at + ": must be an object");
            }
            String impId = requiredId(imp, at + ".id");
            if (!seen.add(impId)) {
                throw GatewayException.badRequest(at + ".id: duplicate imp id");
            }
            JsonNode video = imp.get("video");
            if (video == null || !video.isObject()) {
                throw GatewayException.badRequest(at + ".video: missing; only video imps are served");
            }
            out.add(podImp(imp, video, impId, at));
        }
        return out;
    }

    private static PodImp podImp(JsonNode imp, JsonNode video, String impId, String at) {
        String v = at + ".video";
        JsonNode mimes = video.get("mimes");
        if (mimes == null || !mimes.isArray() || mimes.isEmpty()) {
            throw GatewayException.badRequest(v + ".mimes: required, a non-empty array of strings");
        }
        List<String> mimeTypes = new ArrayList<>();
        for (JsonNode m : mimes) {
            if (!m.isTextual()) {
                throw GatewayException.badRequest(v + ".mimes: must contain strings only");
            }
            mimeTypes.add(m.textValue());
        }
        String podId = optionalString(video, "podid", v + ".podid");
        int podDur = optionalNonNegativeInt(video, "poddur", v + ".poddur");
        int maxSeq = optionalNonNegativeInt(video, "maxseq", v + ".maxseq");
        int minDur = optionalNonNegativeInt(video, "minduration", v + ".minduration");
        int maxDur = optionalNonNegativeInt(video, "maxduration", v + ".maxduration");
        if (maxDur > 0 && minDur > maxDur) {
            throw GatewayException.badRequest(v + ".minduration: greater than maxduration");
        }
        List<Integer> rqddurs = intList(video, "rqddurs", v + ".rqddurs");
        for (int d : rqddurs) {
            if (d <= 0) {
                throw GatewayException.badRequest(v + ".rqddurs: durations must be positive");
            }
        }
        int slot = optionalInt(video, "slotinpod", v + ".slotinpod", 0);
        if (slot < -1 || slot > 2) {
            throw GatewayException.badRequest(v + ".slotinpod: must be -1, 0, 1 or 2");
        }
        for (String intField : List.of("startdelay", "plcmt", "placement", "linearity", "w", "h", "podseq")) {
            optionalInt(video, intField, v + "." + intField, 0);
        }
        double floor = 0;
        JsonNode bidfloor = imp.get("bidfloor");
        if (bidfloor != null && !bidfloor.isNull()) {
            if (!bidfloor.isNumber() || !Double.isFinite(bidfloor.doubleValue()) || bidfloor.doubleValue() < 0) {
                throw GatewayException.badRequest(at + ".bidfloor: must be a non-negative number");
            }
            floor = bidfloor.doubleValue();
        }
        return new PodImp(impId, podId, podDur, maxSeq, minDur, maxDur, rqddurs, floor, slot, mimeTypes);
    }

    private static Optional<String> deviceId(JsonNode device) {
        String ifa = optionalString(device, "ifa", "device.ifa");
        if (ifa == null || ifa.isBlank()) {
            return Optional.empty();
        }
        if (!ID_CHARS.matcher(ifa).matches()) {
            throw GatewayException.badRequest("device.ifa: at most " + MAX_ID_LENGTH + " printable characters without spaces");
        }
        String normalized = ifa.toLowerCase(Locale.ROOT);
        // An all-zero IFA is what the OS hands out when the user limited ad tracking: no one's identity.
        return ZERO_IFA.equals(normalized) ? Optional.empty() : Optional.of(normalized);
    }

    private static String ifaType(JsonNode device) {
        JsonNode ext = device.path("ext");
        JsonNode type = ext.isObject() ? ext.get("ifa_type") : null;
        if (type == null || !type.isTextual()) {
            return null;
        }
        String t = type.asText().toLowerCase(Locale.ROOT);
        return IFA_TYPE.matcher(t).matches() ? t : null;
    }

    private static String geoRegion(JsonNode geo) {
        String country = geo.path("country").isTextual() ? geo.get("country").asText() : null;
        String region = geo.path("region").isTextual() ? geo.get("region").asText() : null;
        if (("USA".equals(country) || "US".equals(country)) && region != null && region.matches("[A-Z]{2}")) {
            return "US-" + region;
        }
        return null;
    }

    /** regs.ext.gpc, any value present (issue 13): a regs.ext that is not an object is ignored, as before. */
    private static boolean regsExtGpc(JsonNode regs) {
        JsonNode ext = regs == null ? null : regs.get("ext");
        return ext != null && ext.isObject() && ext.has("gpc") && !ext.get("gpc").isNull();
    }

    private static boolean gpc(String secGpc) {
        // "1" is the only defined value; anything else present is malformed, and a malformed signal restricts.
        return secGpc != null;
    }

    private static String requiredId(JsonNode node, String path) {
        JsonNode v = node.get(path.substring(path.lastIndexOf('.') + 1));
        if (v == null || v.isNull()) {
            throw GatewayException.badRequest(path + ": required");
        }
        if (!v.isTextual() || !ID_CHARS.matcher(v.asText()).matches()) {
            throw GatewayException.badRequest(path + ": must be a string of 1-" + MAX_ID_LENGTH
                    + " printable characters without spaces");
        }
        return v.asText();
    }

    private static JsonNode optionalObject(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (!v.isObject()) {
            throw GatewayException.badRequest(path + ": must be an object");
        }
        return v;
    }

    private static String optionalString(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw GatewayException.badRequest(path + ": must be a string");
        }
        return v.asText();
    }

    private static int optionalInt(JsonNode parent, String name, String path, int fallback) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw GatewayException.badRequest(path + ": must be an integer");
        }
        return v.intValue();
    }

    private static int optionalNonNegativeInt(JsonNode parent, String name, String path) {
        int v = optionalInt(parent, name, path, 0);
        if (v < 0) {
            throw GatewayException.badRequest(path + ": must not be negative");
        }
        return v;
    }

    private static Optional<Integer> optionalPositiveInt(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        int n = optionalInt(parent, name, path, 0);
        if (n <= 0) {
            throw GatewayException.badRequest(path + ": must be a positive integer");
        }
        return Optional.of(n);
    }

    private static boolean flag(JsonNode parent, String name, String path) {
        int v = optionalInt(parent, name, path, 0);
        if (v != 0 && v != 1) {
            throw GatewayException.badRequest(path + ": must be 0 or 1");
        }
        return v == 1;
    }

    private static List<Integer> intList(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray() || v.size() > 64) {
            throw GatewayException.badRequest(path + ": must be an array of at most 64 integers");
        }
        List<Integer> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw GatewayException.badRequest(path + ": must contain integers only");
            }
            out.add(item.intValue());
        }
        return out;
    }
}
