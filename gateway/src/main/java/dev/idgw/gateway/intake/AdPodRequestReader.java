package dev.idgw.gateway.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.idgw.gateway.decision.GppSignal;
import dev.idgw.gateway.decision.RequestSignals;
import dev.idgw.gateway.decision.UsPrivacySignal;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.pod.PodImp;
import dev.idgw.partners.ContextualObject;
import dev.idgw.partners.ContextualRequest;
import dev.idgw.partners.IpAddresses;
import dev.idgw.partners.JsonValues;
import dev.idgw.partners.PlayerIdentity;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One request's pass over its body for {@link AdPodRequestParser}: what has been read so far, the checks
 * of each member as the parser reaches it, and the contextual builder that keeps what partners may see.
 * Details name the field and never the value (a player could put an identifier anywhere). Single use.
 */
final class AdPodRequestReader {
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_INT_LIST = 64;
    private static final int MAX_IFA_TYPE = 16;
    private static final String ZERO_IFA = "00000000-0000-0000-0000-000000000000";
    private static final String ID_RULE = ": must be a string of 1-" + MAX_ID_LENGTH
            + " printable characters without spaces";

    /** "imp[3]." and "imp[3].video." made once, not per request: they are needed only to name a defect. */
    private static final String[] IMP_AT = new String[AdPodRequestParser.MAX_IMPS];
    private static final String[] VIDEO_AT = new String[AdPodRequestParser.MAX_IMPS];

    static {
        for (int i = 0; i < AdPodRequestParser.MAX_IMPS; i++) {
            IMP_AT[i] = "imp[" + i + "].";
            VIDEO_AT[i] = IMP_AT[i] + "video.";
        }
    }

    private final ContextualRequest.Builder contextual = ContextualRequest.builder();
    private String id;
    private int tmaxMillis; // 0 when absent: a tmax is positive
    private boolean impSeen;
    private final List<PodImp> imps = new ArrayList<>(2);
    private boolean appSeen;
    private boolean siteSeen;
    private String deviceId;
    private String ifaType;
    private Inet4Address ipv4;
    private Inet6Address ipv6;
    private boolean lmt;
    private boolean coppa;
    private String usPrivacy;
    private boolean regsExtGpc;
    private String gpp;
    private List<Integer> gppSid = List.of();

    /** From the root's {@code START_OBJECT} to its {@code END_OBJECT}. */
    void readRoot(JsonParser p) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            switch (name) {
                case "id" -> id = requiredId(p, "", "id");
                case "tmax" -> tmaxMillis = token == JsonToken.VALUE_NULL ? 0 : positiveInt(p, "", "tmax");
                case "imp" -> imps(p);
                case "device" -> {
                    if (object(p, "device")) {
                        device(p, contextual.device());
                    }
                }
                case "regs" -> {
                    if (object(p, "regs")) {
                        regs(p, contextual.regs());
                    }
                }
                case "app" -> {
                    appSeen = true; // even as null: a request names one of app and site, not both
                    if (object(p, "app")) {
                        contextual.app().readMembers(p);
                    }
                }
                case "site" -> {
                    siteSeen = true;
                    if (object(p, "site")) {
                        contextual.site().readMembers(p);
                    }
                }
                case "user" -> {
                    if (object(p, "user")) {
                        JsonValues.skipValue(p); // never forwarded: identity lives there
                    }
                }
                default -> contextual.top().read(name, p);
            }
        }
        if (id == null) {
            throw GatewayException.badRequest("id: required");
        }
        if (!impSeen) {
            throw GatewayException.badRequest("imp: missing; an ad-pod request needs at least one video imp");
        }
        if (appSeen && siteSeen) {
            throw GatewayException.badRequest("app and site: a request has one or the other");
        }
    }

    AdPodRequest finish(String secGpc, String peerAddress, String forwardedFor, TrustedProxies trustedProxies) {
        if (ipv4 == null && ipv6 == null) {
            String closest = trustedProxies.clientAddress(peerAddress, forwardedFor);
            ipv4 = IpAddresses.parseV4(closest).orElse(null);
            ipv6 = ipv4 != null ? null : IpAddresses.parseV6(closest).orElse(null);
        }
        ContextualRequest context = contextual.build();
        RequestSignals signals = new RequestSignals(gpc(secGpc) || regsExtGpc, coppa, lmt, UsPrivacySignal.parse(usPrivacy),
                GppSignal.decode(gpp, gppSid));
        PlayerIdentity identity = new PlayerIdentity(deviceId, deviceId != null ? ifaType : null, ipv4, ipv6, null);
        return new AdPodRequest(id, context, imps,
                tmaxMillis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(tmaxMillis)),
                Optional.ofNullable(deviceId), identity, signals, geoRegion(context.device().object("geo")));
    }

    private void imps(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return; // as absent
        }
        impSeen = true;
        if (token != JsonToken.START_ARRAY) {
            throw GatewayException.badRequest("imp: must be a non-empty array");
        }
        int index = 0;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (index == AdPodRequestParser.MAX_IMPS) {
                throw GatewayException.badRequest("imp: at most " + AdPodRequestParser.MAX_IMPS + " imps per request");
            }
            if (token != JsonToken.START_OBJECT) {
                throw GatewayException.badRequest("imp[" + index + "]: must be an object");
            }
            imps.add(imp(p, index));
            index++;
        }
        if (index == 0) {
            throw GatewayException.badRequest("imp: must be a non-empty array");
        }
    }

    private PodImp imp(JsonParser p, int index) throws IOException {
        String at = IMP_AT[index];
        ContextualObject.Builder fields = contextual.addImp();
        String impId = null;
        VideoReader video = null;
        double floor = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            switch (name) {
                case "id" -> impId = requiredId(p, at, "id");
                case "video" -> {
                    if (token == JsonToken.START_OBJECT) {
                        video = new VideoReader(VIDEO_AT[index], fields.child("video"));
                        video.read(p);
                    } else if (token != JsonToken.VALUE_NULL) {
                        throw GatewayException.badRequest(at + "video: missing; only video imps are served");
                    }
                }
                case "bidfloor" -> {
                    if (token != JsonToken.VALUE_NULL) {
                        if (!token.isNumeric() || !Double.isFinite(p.getDoubleValue()) || p.getDoubleValue() < 0) {
                            throw GatewayException.badRequest(at + "bidfloor: must be a non-negative number");
                        }
                        floor = p.getDoubleValue();
                        fields.putNumber("bidfloor", floor);
                    }
                }
                default -> fields.read(name, p);
            }
        }
        if (impId == null) {
            throw GatewayException.badRequest(at + "id: required");
        }
        for (PodImp earlier : imps) {
            if (earlier.impId().equals(impId)) {
                throw GatewayException.badRequest(at + "id: duplicate imp id");
            }
        }
        if (video == null) {
            throw GatewayException.badRequest(at + "video: missing; only video imps are served");
        }
        contextual.playerImpId(impId);
        return video.podImp(impId, floor);
    }

    /** An imp's video object: the pod's shape, and its contextual members. */
    private static final class VideoReader {
        private final String at;
        private final ContextualObject.Builder fields;
        private List<String> mimes;
        private String podId;
        private int podDur;
        private int maxSeq;
        private int minDur;
        private int maxDur;
        private List<Integer> rqddurs = List.of();
        private int slot;

        VideoReader(String at, ContextualObject.Builder fields) {
            this.at = at;
            this.fields = fields;
        }

        void read(JsonParser p) throws IOException {
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken token = p.nextToken();
                if (token == JsonToken.VALUE_NULL && !name.equals("mimes")) {
                    continue; // absent, except that mimes are required
                }
                switch (name) {
                    case "mimes" -> mimes(p);
                    case "podid" -> {
                        podId = string(p, at, name);
                        fields.putText(name, podId);
                    }
                    case "poddur" -> podDur = copied(name, nonNegativeInt(p, at, name));
                    case "maxseq" -> maxSeq = copied(name, nonNegativeInt(p, at, name));
                    case "minduration" -> minDur = copied(name, nonNegativeInt(p, at, name));
                    case "maxduration" -> maxDur = copied(name, nonNegativeInt(p, at, name));
                    case "rqddurs" -> {
                        rqddurs = intList(p, at, name);
                        for (int d : rqddurs) {
                            if (d <= 0) {
                                throw GatewayException.badRequest(at + "rqddurs: durations must be positive");
                            }
                        }
                        fields.putInts(name, rqddurs);
                    }
                    case "slotinpod" -> {
                        slot = copied(name, intValue(p, at, name));
                        if (slot < -1 || slot > 2) {
                            throw GatewayException.badRequest(at + "slotinpod: must be -1, 0, 1 or 2");
                        }
                    }
                    case "startdelay", "plcmt", "placement", "linearity", "w", "h", "podseq" ->
                            copied(name, intValue(p, at, name));
                    default -> fields.read(name, p);
                }
            }
            if (mimes == null) {
                throw GatewayException.badRequest(at + "mimes: required, a non-empty array of strings");
            }
            if (maxDur > 0 && minDur > maxDur) {
                throw GatewayException.badRequest(at + "minduration: greater than maxduration");
            }
        }

        private void mimes(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw GatewayException.badRequest(at + "mimes: required, a non-empty array of strings");
            }
            List<String> values = new ArrayList<>(2);
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.VALUE_STRING) {
                    throw GatewayException.badRequest(at + "mimes: must contain strings only");
                }
                values.add(p.getText());
            }
            if (values.isEmpty()) {
                throw GatewayException.badRequest(at + "mimes: required, a non-empty array of strings");
            }
            mimes = values;
            fields.putTexts("mimes", values);
        }

        private int copied(String name, int value) {
            fields.putInt(name, value);
            return value;
        }

        PodImp podImp(String impId, double floor) {
            return new PodImp(impId, podId, podDur, maxSeq, minDur, maxDur, rqddurs, floor, slot, mimes);
        }
    }

    private void device(JsonParser p, ContextualObject.Builder fields) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue; // absent; nothing to copy either
            }
            switch (name) {
                case "ifa" -> deviceId = deviceId(string(p, "device.", name));
                case "ip" -> ipv4 = IpAddresses.parseV4(string(p, "device.", name))
                        .orElseThrow(() -> GatewayException.badRequest("device.ip: not an IPv4 address"));
                case "ipv6" -> ipv6 = IpAddresses.parseV6(string(p, "device.", name))
                        .orElseThrow(() -> GatewayException.badRequest("device.ipv6: not an IPv6 address"));
                case "lmt" -> lmt = flag(p, "device.", name);
                case "devicetype" -> fields.putInt(name, positiveInt(p, "device.", name));
                case "ua" -> fields.putText(name, string(p, "device.", name));
                case "geo" -> {
                    if (object(p, "device.geo")) {
                        fields.read(name, p); // the allowlist keeps country and region
                    }
                }
                case "ext" -> ifaType(p);
                default -> fields.read(name, p);
            }
        }
    }

    private static String deviceId(String ifa) {
        if (ifa.isBlank()) {
            return null;
        }
        if (!isId(ifa)) {
            throw GatewayException.badRequest("device.ifa: at most " + MAX_ID_LENGTH
                    + " printable characters without spaces");
        }
        String normalized = ifa.toLowerCase(Locale.ROOT);
        // An all-zero IFA is what the OS hands out when the user limited ad tracking: no one's identity.
        return ZERO_IFA.equals(normalized) ? null : normalized;
    }

    /** device.ext is never forwarded; only its ifa_type is read, and only when well formed. */
    private void ifaType(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            JsonValues.skipValue(p);
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            if (name.equals("ifa_type") && token == JsonToken.VALUE_STRING) {
                String t = p.getText().toLowerCase(Locale.ROOT);
                ifaType = isIfaType(t) ? t : null;
            } else {
                JsonValues.skipValue(p);
            }
        }
    }

    private void regs(JsonParser p, ContextualObject.Builder fields) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "coppa" -> {
                    coppa = flag(p, "regs.", name);
                    fields.putInt(name, coppa ? 1 : 0);
                }
                case "us_privacy" -> {
                    usPrivacy = string(p, "regs.", name);
                    fields.putText(name, usPrivacy);
                }
                case "gpp" -> {
                    gpp = string(p, "regs.", name);
                    fields.putText(name, gpp);
                }
                case "gpp_sid" -> {
                    gppSid = intList(p, "regs.", name);
                    fields.putInts(name, gppSid);
                }
                case "ext" -> regsExt(p);
                default -> fields.read(name, p);
            }
        }
    }

    /**
     * regs.ext is never forwarded; only its {@code gpc} is read: GPC as players built on Prebid send it
     * ({@code "1"}). Like the header, any value present counts, a malformed one too, because it restricts.
     */
    private void regsExt(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            JsonValues.skipValue(p);
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            if (name.equals("gpc") && token != JsonToken.VALUE_NULL) {
                regsExtGpc = true;
            }
            JsonValues.skipValue(p);
        }
    }

    private static String geoRegion(ContextualObject geo) {
        if (geo == null) {
            return null;
        }
        String country = geo.text("country");
        String region = geo.text("region");
        if (("USA".equals(country) || "US".equals(country)) && region != null && region.length() == 2
                && isUpper(region.charAt(0)) && isUpper(region.charAt(1))) {
            return "US-" + region;
        }
        return null;
    }

    private static boolean gpc(String secGpc) {
        // "1" is the only defined value; anything else present is malformed, and a malformed signal restricts.
        return secGpc != null;
    }

    /** True for an object, false for null; any other value is a 400 naming {@code path}. */
    private static boolean object(JsonParser p, String path) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        throw GatewayException.badRequest(path + ": must be an object");
    }

    private static String requiredId(JsonParser p, String at, String name) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            throw GatewayException.badRequest(at + name + ": required");
        }
        if (token != JsonToken.VALUE_STRING) {
            JsonValues.skipValue(p);
            throw GatewayException.badRequest(at + name + ID_RULE);
        }
        String id = p.getText();
        if (!isId(id)) {
            throw GatewayException.badRequest(at + name + ID_RULE);
        }
        return id;
    }

    /** 1-128 printable ASCII characters without spaces ({@code [\x21-\x7e]{1,128}}). */
    private static boolean isId(String s) {
        if (s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9_]{1,16}}. */
    private static boolean isIfaType(String s) {
        if (s.isEmpty() || s.length() > MAX_IFA_TYPE) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** A string; the caller has handled null. */
    private static String string(JsonParser p, String at, String name) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw GatewayException.badRequest(at + name + ": must be a string");
        }
        return p.getText();
    }

    /** An integral number that fits an int; the caller has handled null. */
    private static int intValue(JsonParser p, String at, String name) throws IOException {
        if (!JsonValues.fitsInt(p)) {
            throw GatewayException.badRequest(at + name + ": must be an integer");
        }
        return p.getIntValue();
    }

    private static int nonNegativeInt(JsonParser p, String at, String name) throws IOException {
        int v = intValue(p, at, name);
        if (v < 0) {
            throw GatewayException.badRequest(at + name + ": must not be negative");
        }
        return v;
    }

    private static int positiveInt(JsonParser p, String at, String name) throws IOException {
        int v = intValue(p, at, name);
        if (v <= 0) {
            throw GatewayException.badRequest(at + name + ": must be a positive integer");
        }
        return v;
    }

    private static boolean flag(JsonParser p, String at, String name) throws IOException {
        int v = intValue(p, at, name);
        if (v != 0 && v != 1) {
            throw GatewayException.badRequest(at + name + ": must be 0 or 1");
        }
        return v == 1;
    }

    /** At most 64 integers; the caller has handled null. */
    private static List<Integer> intList(JsonParser p, String at, String name) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw GatewayException.badRequest(at + name + ": must be an array of at most " + MAX_INT_LIST + " integers");
        }
        List<Integer> out = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (out.size() == MAX_INT_LIST) {
                throw GatewayException.badRequest(at + name + ": must be an array of at most " + MAX_INT_LIST
                        + " integers");
            }
            if (!JsonValues.fitsInt(p)) {
                throw GatewayException.badRequest(at + name + ": must contain integers only");
            }
            out.add(p.getIntValue());
        }
        return out;
    }
}
