package dev.idgw.partners;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of what a partner may see of a player's request: per object, each copied member
 * and the kind of value it keeps. Nothing outside these lists is copied, whatever the player sent: no
 * {@code user}, no {@code ext}, no {@code eids}, no ids other than our own, no precise geo. The imp
 * array, app/site, device and regs are the request's structure and are walked by {@link
 * ContextualRequest.Builder}; everything inside them is decided here.
 */
final class ContextualAllowlist {
    /** What a member keeps; a value of any other JSON type is dropped, never converted. */
    enum Kind {
        /** An integral number that fits an int. */
        INT,
        /** Any finite number, written as a double. */
        NUMBER,
        /** A string, copied only if the leak guard allows it. */
        TEXT,
        /** The strings of an array (other items dropped, each guarded); omitted when none is left. */
        TEXTS,
        /** The int-fitting integers of an array (other items dropped); omitted when none is left. */
        INTS,
        /** A nested object with its own allowlist. */
        OBJECT,
        /** The CCPA string, only when it is well formed ({@code 1[YN-]{3}}): its alphabet cannot carry an id. */
        US_PRIVACY,
        /** The GPP string, only when it uses the GPP alphabet, and then guarded like any text. */
        GPP,
        /** A pod id, replaced by our own ("pod-1", … in first-seen order) so it cannot route an identifier. */
        POD_ID,
        /** A value of ours, never the player's (an imp's id), written as is; in no shape, so never read. */
        OURS
    }

    /**
     * @param always rendered (empty) even when the player sent no such object
     * @param omitWhenEmpty not rendered when nothing inside survives the leak guard
     */
    record Rule(String name, SerializedString encodedName, Kind kind, Shape child, boolean always,
                boolean omitWhenEmpty) {
    }

    /** One object's allowlist: member name to rule. */
    static final class Shape {
        private final Map<String, Rule> rules = new HashMap<>();
        private final List<Rule> alwaysPresent = new ArrayList<>(1);
        private int ours;

        Rule rule(String name) {
            return rules.get(name);
        }

        /** The most members an object of this shape can hold, as names are unique within an object. */
        int capacity() {
            return rules.size() + ours;
        }

        /** Objects rendered even when the player sent none (an imp's video). */
        List<Rule> alwaysPresent() {
            return alwaysPresent;
        }

        private Shape with(Kind kind, String... names) {
            for (String name : names) {
                rules.put(name, new Rule(name, new SerializedString(name), kind, null, false, false));
            }
            return this;
        }

        /** Members of ours the object also gets, found by no name, so a player cannot send one. */
        private Shape withOurs(int count) {
            ours = count;
            return this;
        }

        private Shape object(String name, Shape child, boolean always, boolean omitWhenEmpty) {
            if (always && omitWhenEmpty) {
                throw new IllegalArgumentException(name + ": an object rendered when absent is never omitted");
            }
            Rule rule = new Rule(name, new SerializedString(name), Kind.OBJECT, child, always, omitWhenEmpty);
            rules.put(name, rule);
            if (always) {
                alwaysPresent.add(rule);
            }
            return this;
        }
    }

    /** The top-level members besides the structure (imp, app/site, device, regs). */
    static final Shape TOP = new Shape()
            .with(Kind.INT, "at", "test")
            .with(Kind.TEXTS, "cur", "bcat", "badv", "bapp", "wlang");

    static final Shape VIDEO = new Shape()
            .with(Kind.TEXTS, "mimes")
            .with(Kind.INT, "minduration", "maxduration", "startdelay", "plcmt", "placement", "linearity", "skip",
                    "skipmin", "skipafter", "w", "h", "minbitrate", "maxbitrate", "boxingallowed", "podseq", "poddur",
                    "maxseq", "slotinpod", "maxextended", "pos", "sequence")
            .with(Kind.INTS, "protocols", "api", "playbackmethod", "delivery", "rqddurs", "battr", "companiontype")
            .with(Kind.NUMBER, "mincpmpersec")
            .with(Kind.POD_ID, "podid");

    /** An imp's members; its id is never the player's (see {@link ContextualRequest}). */
    static final Shape IMP = new Shape()
            .with(Kind.NUMBER, "bidfloor")
            .with(Kind.TEXT, "bidfloorcur")
            .with(Kind.INT, "secure", "ssai", "exp", "instl")
            .object("video", VIDEO, true, false)
            .withOurs(1); // OUR_IMP_ID

    private static final Shape CHANNEL = new Shape().with(Kind.TEXT, "id", "name", "domain");

    private static final Shape PUBLISHER = new Shape()
            .with(Kind.TEXT, "id", "name", "domain")
            .with(Kind.TEXTS, "cat");

    private static final Shape CONTENT = new Shape()
            .with(Kind.TEXT, "id", "title", "series", "season", "genre", "contentrating", "userrating", "language",
                    "langb", "artist", "album")
            .with(Kind.INT, "episode", "prodq", "context", "qagmediarating", "livestream", "sourcerelationship", "len",
                    "embeddable")
            .with(Kind.TEXTS, "cat")
            .object("network", CHANNEL, false, false)
            .object("channel", CHANNEL, false, false)
            .object("producer", CHANNEL, false, false);

    static final Shape APP = distribution("id", "name", "bundle", "domain", "storeurl", "ver");

    static final Shape SITE = distribution("id", "name", "domain");

    /** Country and region only: never lat/lon, city, zip or metro. */
    private static final Shape GEO = new Shape().with(Kind.TEXT, "country", "region");

    static final Shape DEVICE = new Shape()
            .with(Kind.TEXT, "ua", "make", "model", "os", "osv", "hwv", "language", "langb")
            .with(Kind.INT, "devicetype", "h", "w", "ppi", "js", "connectiontype", "dnt")
            .object("geo", GEO, false, true);

    /** An imp's id: partners know the imps as "1", "2"… whatever the player called them. */
    static final Rule OUR_IMP_ID = new Rule("id", new SerializedString("id"), Kind.OURS, null, false, false);

    static final Shape REGS = new Shape()
            .with(Kind.INT, "coppa", "gdpr")
            .with(Kind.US_PRIVACY, "us_privacy")
            .with(Kind.GPP, "gpp")
            .with(Kind.INTS, "gpp_sid");

    private ContextualAllowlist() {
    }

    private static Shape distribution(String... strings) {
        return new Shape()
                .with(Kind.TEXT, strings)
                .with(Kind.INT, "privacypolicy", "paid", "mobile")
                .with(Kind.TEXTS, "cat", "sectioncat", "pagecat")
                .object("publisher", PUBLISHER, false, false)
                .object("content", CONTENT, false, false);
    }
}
