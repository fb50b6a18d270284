package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.idgw.partners.ContextualAllowlist.Kind;
import dev.idgw.partners.ContextualAllowlist.Rule;
import dev.idgw.partners.ContextualAllowlist.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One object of a player's request reduced to its allowlisted members, in the order they came. Values
 * are kept as the player sent them: the leak guard needs the request's identity, which is complete only
 * after the consent lookup, so strings are guarded when the template is rendered, not here.
 *
 * <p>A request has dozens of members, so none gets an object of its own: an object's members are its
 * {@link Rule} and value by turns in one array. A value's type follows its rule's {@link Kind}: INT an
 * {@code Integer}; NUMBER a finite {@code Double}; TEXT, GPP, US_PRIVACY, POD_ID and OURS a {@code
 * String}, guarded when written only for TEXT and GPP (the others are well formed or ours); TEXTS a
 * non-empty {@code List<String>}; INTS a non-empty {@code List<Integer>}; OBJECT a {@code
 * ContextualObject} (its {@link Builder} until built).
 */
public final class ContextualObject {
    private static final Object[] NO_MEMBERS = {};
    private static final ContextualObject EMPTY = new ContextualObject(NO_MEMBERS);
    /** Members an object's array holds before it first grows: most objects of a request have fewer. */
    private static final int FIRST_CAPACITY = 8;

    /**
     * {@code members[2k]} is the k-th member's rule, {@code members[2k + 1]} its value. The builder's array
     * is kept as it is, slack included: the members end at the first null or at the array's end.
     */
    private final Object[] members;

    private ContextualObject(Object[] members) {
        this.members = members;
    }

    static ContextualObject empty() {
        return EMPTY;
    }

    /** The string member {@code name} as the player sent it (not yet guarded), or null. */
    public String text(String name) {
        return value(name) instanceof String text ? text : null;
    }

    /** The nested object {@code name}, or null when the player sent none. */
    public ContextualObject object(String name) {
        return value(name) instanceof ContextualObject object ? object : null;
    }

    /** The int member {@code name}, or null. */
    Integer intValue(String name) {
        return value(name) instanceof Integer value ? value : null;
    }

    private Object value(String name) {
        for (int i = 0; i < members.length && members[i] != null; i += 2) {
            if (((Rule) members[i]).name().equals(name)) {
                return members[i + 1];
            }
        }
        return null;
    }

    /** Writes the members that survive the guard; {@code except} names one to leave out (or null). */
    void writeMembers(ContextualWriter out, String except) {
        for (int i = 0; i < members.length && members[i] != null; i += 2) {
            Rule rule = (Rule) members[i];
            if (except == null || !except.equals(rule.name())) {
                write(rule, members[i + 1], out);
            }
        }
    }

    /** One member as sent: the guard applies to whatever the player chose. */
    @SuppressWarnings("unchecked")
    private static void write(Rule rule, Object value, ContextualWriter out) {
        SerializedString name = rule.encodedName();
        switch (rule.kind()) {
            case INT -> out.member(name).number(((Integer) value).intValue());
            case NUMBER -> out.member(name).number(((Double) value).doubleValue());
            case TEXT, GPP -> {
                String text = (String) value;
                if (out.allows(text)) {
                    out.member(name).string(text);
                }
            }
            case US_PRIVACY, POD_ID, OURS -> out.member(name).string((String) value);
            case TEXTS -> writeTexts(name, (List<String>) value, out);
            case INTS -> writeInts(name, (List<Integer>) value, out);
            case OBJECT -> writeObject(rule, (ContextualObject) value, out);
        }
    }

    /** The strings that survive the guard; no array when none does. */
    private static void writeTexts(SerializedString name, List<String> values, ContextualWriter out) {
        boolean started = false;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (out.allows(v)) {
                if (!started) {
                    out.member(name).startArray();
                    started = true;
                }
                out.string(v);
            }
        }
        if (started) {
            out.endArray();
        }
    }

    private static void writeInts(SerializedString name, List<Integer> values, ContextualWriter out) {
        out.member(name).startArray();
        for (int i = 0; i < values.size(); i++) {
            out.number(values.get(i).intValue());
        }
        out.endArray();
    }

    private static void writeObject(Rule rule, ContextualObject value, ContextualWriter out) {
        if (rule.omitWhenEmpty()) {
            out.openLazily(rule.encodedName());
            value.writeMembers(out, null);
            out.closeLazily();
        } else {
            out.member(rule.encodedName()).startObject();
            value.writeMembers(out, null);
            out.endObject();
        }
    }

    /**
     * Collects one object's allowlisted members, applying each member's {@link Kind}: a value of another
     * JSON type is dropped, never converted. Values come either straight from a parser ({@link #read}) or
     * already read and checked by the caller ({@code put…}); either way the allowlist decides. Single use.
     */
    public static final class Builder {
        private final Shape shape;
        private Object[] members = NO_MEMBERS; // an array comes with the first member
        private int slots;

        Builder(Shape shape) {
            this.shape = shape;
        }

        /** Copies the member at the parser's current value if allowed, and moves to the value's last token. */
        public void read(String name, JsonParser p) throws IOException {
            Rule rule = shape.rule(name);
            if (rule == null) {
                JsonValues.skipValue(p);
                return;
            }
            JsonToken token = p.currentToken();
            switch (rule.kind()) {
                case INT -> {
                    if (JsonValues.fitsInt(p)) {
                        add(rule, p.getIntValue());
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case NUMBER -> {
                    if (token != null && token.isNumeric()) {
                        number(rule, p.getDoubleValue());
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case TEXT, US_PRIVACY, GPP, POD_ID -> {
                    if (token == JsonToken.VALUE_STRING) {
                        text(rule, p.getText());
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case TEXTS -> {
                    if (token == JsonToken.START_ARRAY) {
                        texts(rule, readTexts(p));
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case INTS -> {
                    if (token == JsonToken.START_ARRAY) {
                        ints(rule, readInts(p));
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case OBJECT -> {
                    if (token == JsonToken.START_OBJECT) {
                        child(rule).readMembers(p);
                    } else {
                        JsonValues.skipValue(p);
                    }
                }
                case OURS -> JsonValues.skipValue(p); // in no shape, so never a player's: dropped if it were
            }
        }

        /** From a {@code START_OBJECT}, reads every member up to its {@code END_OBJECT}. */
        public void readMembers(JsonParser p) throws IOException {
            String name;
            while ((name = p.nextFieldName()) != null) {
                p.nextToken();
                read(name, p);
            }
        }

        /** The builder of the nested object {@code name} when the allowlist has one, else null. */
        public Builder child(String name) {
            Rule rule = shape.rule(name);
            return rule == null || rule.kind() != Kind.OBJECT ? null : child(rule);
        }

        public void putInt(String name, int value) {
            Rule rule = shape.rule(name);
            if (rule != null && rule.kind() == Kind.INT) {
                add(rule, value);
            }
        }

        public void putNumber(String name, double value) {
            Rule rule = shape.rule(name);
            if (rule != null && rule.kind() == Kind.NUMBER) {
                number(rule, value);
            }
        }

        public void putText(String name, String value) {
            Rule rule = shape.rule(name);
            if (rule != null && value != null) {
                text(rule, value);
            }
        }

        public void putTexts(String name, List<String> values) {
            Rule rule = shape.rule(name);
            if (rule != null && rule.kind() == Kind.TEXTS) {
                texts(rule, values);
            }
        }

        public void putInts(String name, List<Integer> values) {
            Rule rule = shape.rule(name);
            if (rule != null && rule.kind() == Kind.INTS) {
                ints(rule, values);
            }
        }

        /** A value of ours, not the player's (an imp's id): {@code rule} is of kind OURS, in no shape. */
        void putOurs(Rule rule, String value) {
            add(rule, value);
        }

        /**
         * The object, with its nested objects built too; the builder is done with. Pod ids are replaced
         * here, when the request has been read, in the order of its imps (the order they were met in).
         */
        ContextualObject build(PodIds podIds) {
            List<Rule> always = shape.alwaysPresent();
            for (int i = 0; i < always.size(); i++) {
                if (!has(always.get(i))) {
                    add(always.get(i), EMPTY);
                }
            }
            if (slots == 0) {
                return EMPTY;
            }
            for (int i = 0; i < slots; i += 2) {
                if (members[i + 1] instanceof Builder child) {
                    members[i + 1] = child.build(podIds);
                } else if (((Rule) members[i]).kind() == Kind.POD_ID) {
                    members[i + 1] = podIds.outbound((String) members[i + 1]);
                }
            }
            return new ContextualObject(members); // not trimmed: a copy would cost more than the slack
        }

        private boolean has(Rule rule) {
            for (int i = 0; i < slots; i += 2) {
                if (members[i] == rule) {
                    return true;
                }
            }
            return false;
        }

        private Builder child(Rule rule) {
            Builder child = new Builder(rule.child());
            add(rule, child);
            return child;
        }

        private void number(Rule rule, double value) {
            if (Double.isFinite(value)) {
                add(rule, value);
            }
        }

        private void text(Rule rule, String value) {
            switch (rule.kind()) {
                case TEXT -> add(rule, value);
                case US_PRIVACY -> {
                    if (isUsPrivacy(value)) {
                        add(rule, value);
                    }
                }
                case GPP -> {
                    if (isGppAlphabet(value)) {
                        add(rule, value);
                    }
                }
                case POD_ID -> add(rule, value); // the player's until built
                default -> {
                }
            }
        }

        private void texts(Rule rule, List<String> values) {
            if (!values.isEmpty()) {
                add(rule, values);
            }
        }

        private void ints(Rule rule, List<Integer> values) {
            if (!values.isEmpty()) {
                add(rule, values);
            }
        }

        private void add(Rule rule, Object value) {
            if (slots == members.length) {
                grow();
            }
            members[slots] = rule;
            members[slots + 1] = value;
            slots += 2;
        }

        /**
         * A first array for {@link #FIRST_CAPACITY} members, doubled when full; never more than the shape
         * can hold, as member names are unique within an object.
         */
        private void grow() {
            int held = slots / 2;
            int most = Math.max(shape.capacity(), held + 1);
            int capacity = Math.min(held == 0 ? FIRST_CAPACITY : 2 * held, most);
            members = Arrays.copyOf(members, 2 * capacity);
        }

        private static List<String> readTexts(JsonParser p) throws IOException {
            List<String> out = List.of();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY && token != null) {
                if (token == JsonToken.VALUE_STRING) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>(4);
                    }
                    out.add(p.getText());
                } else {
                    JsonValues.skipValue(p);
                }
            }
            return out;
        }

        private static List<Integer> readInts(JsonParser p) throws IOException {
            List<Integer> out = List.of();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY && token != null) {
                if (JsonValues.fitsInt(p)) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>(4);
                    }
                    out.add(p.getIntValue());
                } else {
                    JsonValues.skipValue(p);
                }
            }
            return out;
        }

        /** {@code 1[YN-]{3}} without a regular expression. */
        private static boolean isUsPrivacy(String s) {
            if (s.length() != 4 || s.charAt(0) != '1') {
                return false;
            }
            for (int i = 1; i < 4; i++) {
                char c = s.charAt(i);
                if (c != 'Y' && c != 'N' && c != '-') {
                    return false;
                }
            }
            return true;
        }

        /** {@code [A-Za-z0-9_\-~.]{1,4096}} without a regular expression. */
        private static boolean isGppAlphabet(String s) {
            if (s.isEmpty() || s.length() > 4096) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
                        || c == '-' || c == '~' || c == '.';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Our pod ids for the player's, in first-seen order across the request's imps. */
    static final class PodIds {
        private static final int CACHED = 32;
        private static final String[] OURS = new String[CACHED + 1];

        static {
            for (int i = 1; i <= CACHED; i++) {
                OURS[i] = "pod-" + i;
            }
        }

        private List<String> seen = List.of(); // a list comes with the first pod id

        String outbound(String playerPodId) {
            int index = seen.indexOf(playerPodId);
            if (index < 0) {
                if (seen.isEmpty()) {
                    seen = new ArrayList<>(2);
                }
                seen.add(playerPodId);
                index = seen.size() - 1;
            }
            int n = index + 1;
            return n <= CACHED ? OURS[n] : "pod-" + n;
        }
    }
}
