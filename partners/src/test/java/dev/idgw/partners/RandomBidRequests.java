package dev.idgw.partners;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random player BidRequests full of secrets: a fresh marker token in every place the allowlist must
 * never reach (user, ext, eids, customdata, precise geo, page URLs, keywords, unknown keys), and the
 * viewer's own identifiers smuggled into text the allowlist does copy.
 */
final class RandomBidRequests {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String DIGITS = "0123456789";
    private static final String WORD_CHARS = LOWER + " ./";

    private final Random random;
    private final List<String> smuggled;
    private final List<String> markers = new ArrayList<>();

    /**
     * @param smuggled identity spellings to hide inside copied text now and then
     */
    RandomBidRequests(Random random, List<String> smuggled) {
        this.random = random;
        this.smuggled = List.copyOf(smuggled);
    }

    /** Every marker token written so far. */
    List<String> markers() {
        return List.copyOf(markers);
    }

    ObjectNode request(PlayerIdentity identity, int impCount) {
        ObjectNode r = NODES.objectNode();
        r.put("id", marker());
        r.put("tmax", 100 + random.nextInt(900));
        r.put("at", 1 + random.nextInt(2));
        r.putArray("cur").add("USD");
        texts(r.putArray("bcat"));
        texts(r.putArray("badv"));
        ArrayNode imps = r.putArray("imp");
        for (int i = 0; i < impCount; i++) {
            imps.add(imp());
        }
        if (random.nextBoolean()) {
            r.set("app", app());
        } else {
            r.set("site", site());
        }
        r.set("device", device(identity));
        r.set("user", user());
        r.set("regs", regs());
        r.set("source", source());
        r.set("ext", ext());
        unknownKeys(r);
        return r;
    }

    private ObjectNode imp() {
        ObjectNode imp = NODES.objectNode();
        imp.put("id", marker());
        imp.put("tagid", marker());
        imp.put("bidfloor", random.nextInt(5000) / 100.0);
        imp.put("bidfloorcur", "USD");
        imp.put("secure", random.nextInt(2));
        ObjectNode v = imp.putObject("video");
        texts(v.putArray("mimes"));
        v.put("podid", random.nextBoolean() ? marker() : "pod-" + random.nextInt(3));
        v.put("poddur", 15 + random.nextInt(300));
        v.put("maxseq", random.nextInt(10));
        v.put("podseq", random.nextInt(3));
        v.put("slotinpod", random.nextInt(4) - 2);
        v.put("minduration", random.nextInt(15));
        v.put("maxduration", 15 + random.nextInt(120));
        v.put("mincpmpersec", random.nextInt(1000) / 1000.0);
        ArrayNode durations = v.putArray("rqddurs");
        for (int i = random.nextInt(4); i > 0; i--) {
            durations.add(5 * (1 + random.nextInt(12)));
        }
        v.putArray("protocols").add(2).add(3).add(7);
        v.set("ext", ext());
        unknownKeys(v);
        imp.set("ext", ext());
        unknownKeys(imp);
        return imp;
    }

    private ObjectNode app() {
        ObjectNode a = NODES.objectNode();
        for (String name : List.of("id", "name", "bundle", "domain", "storeurl", "ver")) {
            a.put(name, text());
        }
        a.putArray("cat").add("IAB1");
        a.put("keywords", marker());
        a.put("privacypolicy", 1);
        a.set("publisher", publisher());
        a.set("content", content());
        a.set("ext", ext());
        unknownKeys(a);
        return a;
    }

    private ObjectNode site() {
        ObjectNode s = NODES.objectNode();
        for (String name : List.of("id", "name", "domain")) {
            s.put(name, text());
        }
        s.put("page", "https://www.example.com/watch?v=" + marker());
        s.put("ref", "https://" + marker() + ".example/");
        s.put("search", marker());
        s.put("keywords", marker() + "," + marker());
        s.put("mobile", random.nextInt(2));
        s.set("publisher", publisher());
        s.set("content", content());
        s.set("ext", ext());
        unknownKeys(s);
        return s;
    }

    private ObjectNode publisher() {
        ObjectNode p = NODES.objectNode();
        p.put("id", text());
        p.put("name", text());
        p.set("ext", ext());
        return p;
    }

    private ObjectNode content() {
        ObjectNode c = NODES.objectNode();
        for (String name : List.of("id", "title", "series", "season", "genre")) {
            c.put(name, text());
        }
        c.put("episode", random.nextInt(30));
        c.put("livestream", random.nextInt(2));
        c.put("len", random.nextInt(7200));
        c.put("url", "https://cdn.example/" + marker() + ".m3u8");
        c.put("keywords", marker());
        ObjectNode data = c.putArray("data").addObject().put("id", marker()).put("name", marker());
        data.putArray("segment").addObject().put("id", marker()).put("value", marker());
        c.putObject("producer").put("name", text()).set("ext", ext());
        c.putObject("network").put("name", text()).put("id", text());
        c.set("ext", ext());
        unknownKeys(c);
        return c;
    }

    private ObjectNode device(PlayerIdentity identity) {
        ObjectNode d = NODES.objectNode();
        for (String name : List.of("ua", "make", "model", "os", "osv")) {
            d.put(name, text());
        }
        d.put("language", "en");
        d.put("devicetype", 3 + random.nextInt(5));
        d.put("js", 1);
        d.put("lmt", random.nextInt(2));
        ObjectNode geo = d.putObject("geo");
        geo.put("country", "USA");
        geo.put("region", "CA");
        geo.put("lat", random.nextDouble() * 180 - 90);
        geo.put("lon", random.nextDouble() * 360 - 180);
        geo.put("city", marker());
        geo.put("zip", marker());
        geo.put("metro", marker());
        geo.set("ext", ext());
        if (identity.deviceId() != null) {
            d.put("ifa", random.nextBoolean() ? identity.deviceId() : identity.deviceId().toUpperCase(Locale.ROOT));
        }
        if (identity.ipv4() != null) {
            d.put("ip", identity.ipv4().getHostAddress());
        }
        if (identity.ipv6() != null) {
            d.put("ipv6", identity.ipv6().getHostAddress());
        }
        d.put("didsha1", marker());
        d.put("dpidmd5", marker());
        d.put("macsha1", marker());
        ObjectNode ext = ext();
        ext.put("ifa_type", "rida");
        d.set("ext", ext);
        unknownKeys(d);
        return d;
    }

    private ObjectNode user() {
        ObjectNode u = NODES.objectNode();
        u.put("id", marker());
        u.put("buyeruid", marker());
        u.put("yob", 1940 + random.nextInt(70));
        u.put("gender", List.of("M", "F", "O").get(random.nextInt(3)));
        u.put("keywords", marker());
        u.put("customdata", marker());
        ArrayNode eids = u.putArray("eids");
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            ObjectNode eid = eids.addObject().put("source", random.nextBoolean() ? "id5-sync.com" : marker() + ".com");
            eid.putArray("uids").addObject().put("id", marker()).put("atype", 1 + random.nextInt(3)).set("ext", ext());
        }
        u.putObject("geo").put("city", marker()).put("zip", marker()).put("lat", random.nextDouble());
        ObjectNode ext = ext();
        ext.put("consent", marker());
        u.set("ext", ext);
        unknownKeys(u);
        return u;
    }

    private ObjectNode regs() {
        ObjectNode g = NODES.objectNode();
        g.put("coppa", random.nextInt(2));
        g.put("gdpr", 0);
        g.put("us_privacy", "1YNN");
        g.set("ext", ext());
        return g;
    }

    private ObjectNode source() {
        ObjectNode s = NODES.objectNode();
        s.put("tid", marker());
        s.put("pchain", marker());
        s.putObject("ext").putObject("schain").putArray("nodes").addObject()
                .put("asi", "exchange.example").put("sid", marker()).put("rid", marker());
        return s;
    }

    /** An ext object: secrets under secret keys, nested, in arrays and in eids. */
    private ObjectNode ext() {
        ObjectNode e = NODES.objectNode();
        e.put(marker(), marker());
        e.putObject("data").put("segment", marker());
        e.putArray("eids").addObject().put("source", "uidapi.com").putArray("uids").addObject().put("id", marker());
        return e;
    }

    private void unknownKeys(ObjectNode node) {
        for (int i = random.nextInt(3); i > 0; i--) {
            if (random.nextBoolean()) {
                node.put(marker(), marker());
            } else {
                node.putArray(marker()).add(marker());
            }
        }
    }

    private void texts(ArrayNode array) {
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            array.add(text());
        }
    }

    /** Contextual text, sometimes with an identifier hidden in it. */
    private String text() {
        if (!smuggled.isEmpty() && random.nextInt(4) == 0) {
            return word() + smuggled.get(random.nextInt(smuggled.size())) + word();
        }
        return word();
    }

    private String word() {
        return chars(WORD_CHARS, 1 + random.nextInt(12));
    }

    /** 12 to 24 random alphanumerics, always mixing cases and digits so no payload text can match by chance. */
    private String marker() {
        String alnum = UPPER + LOWER + DIGITS;
        String m = chars(UPPER, 1) + chars(LOWER, 1) + chars(DIGITS, 1) + chars(alnum, 9 + random.nextInt(13));
        markers.add(m);
        return m;
    }

    private String chars(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
