package dev.idgw.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.intake.TreeAdPodRequestParser.TreeAdPodRequest;
import dev.idgw.partners.ContextualTemplate;
import dev.idgw.partners.TreeContextualTemplate;
import dev.idgw.partners.LeakGuard;
import dev.idgw.partners.PlayerIdentity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The streaming {@link AdPodRequestParser} against the tree parser it replaced ({@link
 * TreeAdPodRequestParser}) and the tree template after it ({@link TreeContextualTemplate}): on random
 * requests, valid and then mutated (values of the wrong type, nulls, unknown nested junk, identity
 * smuggled into contextual text, duplicated keys in any object, read or skipped, small or large, deep
 * nesting, huge arrays, long strings, bad UTF-8, truncation, trailing garbage), both accept or both
 * answer 400; when both accept, every field of the request is equal and the contextual JSON partners
 * get is the same (compared as trees: member order was never fixed). Which defect a 400 names may
 * differ when a body has several: the tree parser checked in its own order, the stream meets them in
 * document order.
 */
class StreamingParserEquivalencePropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "127.0.0.1"));
    private static final AdPodRequestParser STREAMING = new AdPodRequestParser(PROXIES);
    private static final TreeAdPodRequestParser TREE = new TreeAdPodRequestParser(PROXIES);
    private static final String IFA = "6D92078A-8246-4BA4-AE5B-76104861E7DC";
    private static final String IP = "203.0.113.7";
    private static final String[] PEERS = {"198.51.100.77", "10.0.0.5", "2001:db8::1", "not-an-ip"};
    private static final String[] FORWARDED = {null, "192.0.2.44", "192.0.2.1, 10.1.2.3", "2001:db8::5", "junk"};

    /** Members the parser checks or the allowlist copies, by the object they belong in. */
    private static final String[][] PATHS = {
            {"id"}, {"tmax"}, {"at"}, {"test"}, {"cur"}, {"bcat"}, {"wlang"}, {"imp"}, {"app"}, {"site"}, {"user"},
            {"device"}, {"regs"}, {"ext"},
            {"device", "ip"}, {"device", "ipv6"}, {"device", "ifa"}, {"device", "lmt"}, {"device", "devicetype"},
            {"device", "ua"}, {"device", "make"}, {"device", "js"}, {"device", "geo"}, {"device", "geo", "country"},
            {"device", "geo", "region"}, {"device", "geo", "lat"}, {"device", "ext"}, {"device", "ext", "ifa_type"},
            {"regs", "coppa"}, {"regs", "gdpr"}, {"regs", "us_privacy"}, {"regs", "gpp"}, {"regs", "gpp_sid"},
            {"regs", "ext"}, {"app", "name"}, {"app", "bundle"}, {"app", "cat"}, {"app", "publisher"},
            {"app", "publisher", "name"}, {"app", "content"}, {"app", "content", "title"},
            {"app", "content", "episode"}, {"app", "content", "network"}, {"app", "content", "producer", "name"},
            {"site", "domain"}, {"site", "page"}, {"user", "id"}, {"user", "ext"}};
    private static final String[] IMP_FIELDS = {"id", "video", "bidfloor", "bidfloorcur", "secure", "ssai", "ext",
            "tagid"};
    private static final String[] VIDEO_FIELDS = {"mimes", "podid", "poddur", "maxseq", "minduration", "maxduration",
            "rqddurs", "slotinpod", "startdelay", "plcmt", "placement", "linearity", "w", "h", "podseq", "skip",
            "protocols", "api", "mincpmpersec", "ext"};
    private static final Pattern MEMBER_NAME = Pattern.compile("\"([^\"\\\\]*)\":");
    private static final String[] DUPLICATE_VALUES = {"1", "null", "\"x\"", "{}", "[{\"a\":1}]", "{\"b\":{\"c\":1}}"};
    private static final String[] STRINGS = {"req-1", "video/mp4", IP, "2001:db8::7", "US", "USA", "CA", "ca", IFA,
            IFA.toLowerCase(), "00000000-0000-0000-0000-000000000000", "rida", "RIDA", "1YYN", "1YNN", "1---", "1ynn",
            "DBABLA~BFQVAAAAAACA.YA", "DBABLA~BFQqAAAAAACA.QA", "DBABTA~1YNN", "DBA BLA", "pod-1", "", " ",
            "TV " + IFA, "Jane.Doe@example.com", "x" + IP + "y", "with space", "é"};

    @Property(tries = 2_500)
    void shouldAgreeWithTheTreeParser(@ForAll Random random) throws JsonProcessingException {
        ObjectNode request = validRequest(random);
        // A third stay valid but for what the text mutation does, so acceptance is tested as much as refusal.
        for (int i = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(4); i > 0; i--) {
            mutate(request, random);
        }
        byte[] body = textMutation(JSON.writeValueAsString(request), random);
        String secGpc = random.nextInt(4) == 0 ? "1" : null;
        String peer = PEERS[random.nextInt(PEERS.length)];
        String forwarded = FORWARDED[random.nextInt(FORWARDED.length)];

        Outcome<TreeAdPodRequest> expected = outcome(() -> TREE.parse(body, secGpc, peer, forwarded));
        Outcome<AdPodRequest> actual = outcome(() -> STREAMING.parse(body, secGpc, peer, forwarded));

        String shown = new String(body, StandardCharsets.UTF_8);
        String what = shown.length() > 2000 ? shown.substring(0, 2000) + "…" : shown;
        assertThat(actual.rejection() == null).as("accepted by both or neither; tree said %s, stream said %s: %s",
                expected.rejection(), actual.rejection(), what).isEqualTo(expected.rejection() == null);
        Statistics.label("outcome").collect(expected.rejection() == null ? "accepted by both" : "400 from both");
        if (expected.rejection() != null) {
            return;
        }
        TreeAdPodRequest old = expected.request();
        AdPodRequest now = actual.request();
        assertThat(now.playerRequestId()).isEqualTo(old.playerRequestId());
        assertThat(now.imps()).as(what).isEqualTo(old.imps());
        assertThat(now.tmax()).isEqualTo(old.tmax());
        assertThat(now.deviceId()).isEqualTo(old.deviceId());
        assertThat(now.identity()).isEqualTo(old.identity());
        assertThat(now.signals()).isEqualTo(old.signals());
        assertThat(now.geoRegion()).isEqualTo(old.geoRegion());
        PlayerIdentity identity = random.nextBoolean() ? now.identity()
                : now.identity().withEmailSha256(new byte[32]);
        LeakGuard guard = LeakGuard.forIdentity(identity, List.of());
        ContextualTemplate template = ContextualTemplate.from(now.contextual(), guard);
        TreeContextualTemplate reference = TreeContextualTemplate.from(old.body(), guard);
        assertThat(JSON.readTree(template.contextualJson())).as(what)
                .isEqualTo(JSON.readTree(reference.contextualJson()));
        for (int n = 0; n <= now.imps().size() + 1; n++) {
            assertThat(template.playerImpId(Integer.toString(n))).isEqualTo(reference.playerImpId(Integer.toString(n)));
        }
    }

    private record Outcome<T>(T request, String rejection) {
    }

    private interface Parse<T> {
        T run();
    }

    /** The request, or the 400's detail; anything but a 400 fails the property. */
    private static <T> Outcome<T> outcome(Parse<T> parse) {
        try {
            return new Outcome<>(parse.run(), null);
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).isNotBlank();
            return new Outcome<>(null, e.detail());
        }
    }

    private static ObjectNode validRequest(Random random) {
        ObjectNode r = NODES.objectNode();
        r.put("id", "req-" + random.nextInt(1000));
        if (random.nextBoolean()) {
            r.put("tmax", 100 + random.nextInt(900));
        }
        r.put("at", 1);
        r.putArray("cur").add("USD");
        r.putArray("bcat").add("IAB25").add("IAB26");
        ArrayNode imps = r.putArray("imp");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            ObjectNode imp = imps.addObject().put("id", "i" + i).put("bidfloor", random.nextInt(500) / 100.0)
                    .put("bidfloorcur", "USD").put("secure", 1);
            ObjectNode video = imp.putObject("video");
            video.putArray("mimes").add("video/mp4").add("application/x-mpegURL");
            video.put("minduration", 5).put("maxduration", 30).put("w", 1920).put("h", 1080)
                    .put("podid", "pod-" + random.nextInt(2)).put("mincpmpersec", 0.05);
            if (random.nextBoolean()) {
                video.put("poddur", 120).put("maxseq", 4).putArray("rqddurs").add(15).add(30);
            } else {
                video.put("slotinpod", random.nextInt(4) - 1);
            }
            video.putArray("protocols").add(2).add(3);
            video.putObject("ext").put("secret", "x");
        }
        ObjectNode distribution = r.putObject(random.nextBoolean() ? "app" : "site");
        distribution.put("name", random.nextInt(5) == 0 ? "TV " + IFA : "Example TV").put("domain", "tv.example");
        distribution.putObject("publisher").put("id", "pub-1");
        distribution.putObject("content").put("title", "The Long Night").put("episode", 7)
                .putObject("producer").put("name", "Studio Nine");
        ObjectNode device = r.putObject("device").put("ua", "SmartTV/1.0").put("ip", IP).put("ifa", IFA)
                .put("devicetype", 3).put("make", "Samsung").put("lmt", random.nextInt(2));
        device.putObject("geo").put("country", "USA").put("region", "CA").put("lat", 37.7);
        device.putObject("ext").put("ifa_type", "rida");
        ObjectNode regs = r.putObject("regs").put("coppa", 0).put("us_privacy", "1YNN");
        if (random.nextBoolean()) {
            regs.put("gpp", "DBABLA~BFQqAAAAAACA.QA").putArray("gpp_sid").add(7);
        }
        r.putObject("user").put("id", "user-42");
        return r;
    }

    /** Sets, replaces or removes one member the parser or the allowlist cares about. */
    private static void mutate(ObjectNode request, Random random) {
        ObjectNode parent;
        String name;
        int where = random.nextInt(3);
        JsonNode imps = request.get("imp");
        if (where > 0 && imps instanceof ArrayNode array && !array.isEmpty()
                && array.get(random.nextInt(array.size())) instanceof ObjectNode imp) {
            if (where == 2 && imp.get("video") instanceof ObjectNode video) {
                parent = video;
                name = VIDEO_FIELDS[random.nextInt(VIDEO_FIELDS.length)];
            } else {
                parent = imp;
                name = IMP_FIELDS[random.nextInt(IMP_FIELDS.length)];
            }
        } else {
            String[] path = PATHS[random.nextInt(PATHS.length)];
            parent = request;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.get(path[i]);
                if (!(child instanceof ObjectNode)) {
                    child = parent.putObject(path[i]);
                }
                parent = (ObjectNode) child;
            }
            name = path[path.length - 1];
        }
        if (random.nextInt(6) == 0) {
            parent.remove(name);
        } else {
            parent.set(name, value(random, 0));
        }
    }

    private static JsonNode value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 13 : 16)) {
            case 0 -> NODES.numberNode(random.nextInt(140) - 10);
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(BigInteger.TWO.pow(30 + random.nextInt(100)));
            case 4 -> NODES.numberNode(random.nextBoolean() ? random.nextInt(100) / 4.0 : 5.0);
            case 5 -> NODES.numberNode(random.nextBoolean() ? 1e300 * 1e10 : -0.0);
            case 6, 7 -> NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]);
            case 8 -> NODES.textNode("t" + random.nextInt(100));
            case 9 -> NODES.booleanNode(random.nextBoolean());
            case 10 -> NODES.nullNode();
            case 11 -> NODES.arrayNode();
            case 12 -> NODES.objectNode();
            case 13, 14 -> {
                ArrayNode array = NODES.arrayNode();
                int n = random.nextInt(10) == 0 ? 60 + random.nextInt(20) : random.nextInt(4);
                boolean uniform = random.nextBoolean();
                for (int i = 0; i < n; i++) {
                    array.add(uniform ? NODES.numberNode(1 + random.nextInt(40)) : value(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(VIDEO_FIELDS[random.nextInt(VIDEO_FIELDS.length)], value(random, depth + 1));
                }
                yield object;
            }
        };
    }

    /** Now and then, what a tree cannot hold: duplicates, depth, size, bad bytes, a cut or trailing text. */
    private static byte[] textMutation(String json, Random random) {
        String out = json;
        switch (random.nextInt(17)) {
            case 0 -> {
                // a key repeated in a random object: the first key of the object after a random '{'
                int brace = out.indexOf("{\"", random.nextInt(out.length()));
                if (brace >= 0) {
                    int end = out.indexOf('"', brace + 2);
                    out = out.substring(0, brace + 1) + out.substring(brace + 1, end + 1) + ":1," + out.substring(brace + 1);
                }
            }
            case 1 -> {
                int depth = 25 + random.nextInt(12);
                out = insertMember(out, random, "\"zz\":" + "[".repeat(depth) + "]".repeat(depth));
            }
            case 2 -> {
                StringBuilder array = new StringBuilder("\"" + (random.nextBoolean() ? "bcat" : "zz") + "\":[");
                for (int i = 0; i < 3000; i++) {
                    array.append(i == 0 ? "" : ",").append(random.nextBoolean() ? "\"c" + i + "\"" : i);
                }
                out = insertMember(out, random, array.append(']').toString());
            }
            case 3 -> {
                if (random.nextInt(4) == 0) {
                    out = insertMember(out, random, "\"zz\":\"" + "s".repeat(64 * 1024 - 2 + random.nextInt(4)) + "\"");
                }
            }
            case 4 -> out = out.substring(0, random.nextInt(out.length()));
            case 5 -> out = out + (random.nextBoolean() ? " {}" : " x");
            case 6 -> out = insertMember(out, random, "\"zz\":{\"a\":[{\"b\":null,\"c\":[1.5e3,true,\"x\"]}]}");
            case 7 -> {
                byte[] bytes = insertMember(out, random, "\"zz\":\"AB\"").getBytes(StandardCharsets.UTF_8);
                int at = new String(bytes, StandardCharsets.UTF_8).indexOf("\"AB\"");
                if (at >= 0) {
                    bytes[at + 1] = (byte) 0xff;
                }
                return bytes;
            }
            case 8 -> out = repeatAMember(out, random);
            case 9 -> {
                // past the 16 members the streaming check compares one by one, now and then
                int n = random.nextInt(3) == 0 ? 17 + random.nextInt(40) : random.nextInt(20);
                StringBuilder object = new StringBuilder("\"zz\":{");
                for (int i = 0; i < n; i++) {
                    object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                }
                if (n > 0 && random.nextBoolean()) {
                    object.append(",\"k").append(random.nextInt(n)).append("\":0");
                }
                out = insertMember(out, random, object.append('}').toString());
            }
            case 10 -> out = insertMember(out, random, "\"zz\":[{\"a\":1,\"b\":{\"a\":1}},{\"a\":2,\"b\":[{\"a\":1"
                    + (random.nextBoolean() ? ",\"a\":2" : "") + "}]}]");
            default -> {
            }
        }
        return out.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Repeats a random member's name, at any depth, as the first member of its object, so that the member
     * itself becomes the duplicate: in what the parser reads, the allowlist copies or both skip.
     */
    private static String repeatAMember(String json, Random random) {
        List<Integer> names = new ArrayList<>();
        Matcher name = MEMBER_NAME.matcher(json);
        while (name.find()) {
            names.add(name.start());
        }
        if (names.isEmpty()) {
            return json;
        }
        int at = names.get(random.nextInt(names.size()));
        name.find(at);
        int brace = at - 1;
        for (int depth = 0; brace > 0; brace--) { // the generated strings hold no brackets
            char c = json.charAt(brace);
            if (c == '}' || c == ']') {
                depth++;
            } else if (c == '[' || c == '{' && depth > 0) {
                depth--;
            } else if (c == '{') {
                break;
            }
        }
        String value = DUPLICATE_VALUES[random.nextInt(DUPLICATE_VALUES.length)];
        return json.substring(0, brace + 1) + "\"" + name.group(1) + "\":" + value + "," + json.substring(brace + 1);
    }

    /** Inserts {@code member} as the first member of a random object of the text. */
    private static String insertMember(String json, Random random, String member) {
        int brace = json.indexOf('{', random.nextInt(json.length()));
        if (brace < 0) {
            brace = 0;
        }
        boolean empty = brace + 1 < json.length() && json.charAt(brace + 1) == '}';
        return json.substring(0, brace + 1) + member + (empty ? "" : ",") + json.substring(brace + 1);
    }
}
