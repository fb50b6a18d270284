package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.idgw.partners.ContextualAllowlist.Kind;
import dev.idgw.partners.ContextualAllowlist.Rule;
import dev.idgw.partners.ContextualAllowlist.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One object of a player's request reduced to its allowlisted members, in the order they came. Values
 * are kept as the player sent them: the leak guard needs the request's identity, which is complete only
 * after the consent lookup, so strings are guarded when the template is rendered, not here.
 */
public final class ContextualObject {
    private static final ContextualObject EMPTY = new ContextualObject(List.of());

    private final List<Member> members;

    private ContextualObject(List<Member> members) {
        this.members = members;
    }

    static ContextualObject empty() {
        return EMPTY;
    }

    /** The string member {@code name} as the player sent it (not yet guarded), or null. */
    public String text(String name) {
        for (Member m : members) {
            if (m instanceof TextMember t && t.name().getValue().equals(name)) {
                return t.value();
            }
        }
        return null;
    }

    /** The nested object {@code name}, or null when the player sent none. */
    public ContextualObject object(String name) {
        for (Member m : members) {
            if (m instanceof ObjectMember o && o.name().getValue().equals(name)) {
                return o.value();
            }
        }
        return null;
    }

    /** The int member {@code name}, or null. */
    Integer intValue(String name) {
        for (Member m : members) {
            if (m instanceof IntMember i && i.name().getValue().equals(name)) {
                return i.value();
            }
        }
        return null;
    }

    /** Writes the members that survive the guard; {@code except} names one to leave out (or null). */
    void writeMembers(ContextualWriter out, String except) throws IOException {
        for (Member m : members) {
            if (except == null || !except.equals(m.name().getValue())) {
                m.write(out);
            }
        }
    }

    /** A member as sent; {@link #write} applies the guard to whatever the player chose. */
    sealed interface Member permits IntMember, NumberMember, TextMember, TextsMember, IntsMember, ObjectMember,
            PendingObject {
        SerializedString name();

        void write(ContextualWriter out) throws IOException;

        default Member built() {
            return this;
        }
    }

    record IntMember(SerializedString name, int value) implements Member {
        @Override
        public void write(ContextualWriter out) throws IOException {
            out.member(name).writeNumber(value);
        }
    }

    record NumberMember(SerializedString name, double value) implements Member {
        @Override
        public void write(ContextualWriter out) throws IOException {
            out.member(name).writeNumber(value);
        }
    }

    /** @param guarded false only for values that are ours (imp and pod ids) or cannot carry an id (us_privacy) */
    record TextMember(SerializedString name, String value, boolean guarded) implements Member {
        @Override
        public void write(ContextualWriter out) throws IOException {
            if (!guarded || out.allows(value)) {
                out.member(name).writeString(value);
            }
        }
    }

    record TextsMember(SerializedString name, List<String> values) implements Member {
        @Override
        public void write(ContextualWriter out) throws IOException {
            boolean started = false;
            for (String v : values) {
                if (out.allows(v)) {
                    if (!started) {
                        out.member(name).writeStartArray();
                        started = true;
                    }
                    out.generator().writeString(v);
                }
            }
            if (started) {
                out.generator().writeEndArray();
            }
        }
    }

    record IntsMember(SerializedString name, List<Integer> values) implements Member {
        @Override
        public void write(ContextualWriter out) throws IOException {
            var g = out.member(name);
            g.writeStartArray();
            for (int v : values) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        }
    }

    record ObjectMember(SerializedString name, ContextualObject value, boolean omitWhenEmpty) implements Member {
        @Override
        public void write(ContextualWriter out) throws IOException {
            if (omitWhenEmpty) {
                out.openLazily(name);
                value.writeMembers(out, null);
                out.closeLazily();
            } else {
                out.member(name).writeStartObject();
                value.writeMembers(out, null);
                out.generator().writeEndObject();
            }
        }
    }

    /** A nested object still being read. */
    private record PendingObject(Rule rule, Builder builder) implements Member {
        @Override
        public SerializedString name() {
            return rule.encodedName();
        }

        @Override
        public void write(ContextualWriter out) {
            throw new IllegalStateException("built before written");
        }

        @Override
        public Member built() {
            return new ObjectMember(rule.encodedName(), builder.build(), rule.omitWhenEmpty());
        }
    }

    /**
     * Collects one object's allowlisted members, applying each member's {@link Kind}: a value of another
     * JSON type is dropped, never converted. Values come either straight from a parser ({@link #read}) or
     * already read and checked by the caller ({@code put…}); either way the allowlist decides. Single use.
     */
    public static final class Builder {
        private final Shape shape;
        private final PodIds podIds;
        private final List<Member> members = new ArrayList<>(); // its array comes with the first member

        Builder(Shape shape, PodIds podIds) {
            this.shape = shape;
            this.podIds = podIds;
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
                        members.add(new IntMember(rule.encodedName(), p.getIntValue()));
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
                members.add(new IntMember(rule.encodedName(), value));
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

        /** A value of ours, not the player's: written as is. */
        void putOwnText(SerializedString name, String value) {
            members.add(new TextMember(name, value, false));
        }

        public ContextualObject build() {
            for (Rule rule : shape.alwaysPresent()) {
                if (!has(rule)) {
                    members.add(new ObjectMember(rule.encodedName(), EMPTY, false));
                }
            }
            if (members.isEmpty()) {
                return EMPTY;
            }
            members.replaceAll(Member::built);
            return new ContextualObject(members);
        }

        private boolean has(Rule rule) {
            for (Member m : members) {
                if (m.name() == rule.encodedName()) {
                    return true;
                }
            }
            return false;
        }

        private Builder child(Rule rule) {
            Builder child = new Builder(rule.child(), podIds);
            members.add(new PendingObject(rule, child));
            return child;
        }

        private void number(Rule rule, double value) {
            if (Double.isFinite(value)) {
                members.add(new NumberMember(rule.encodedName(), value));
            }
        }

        private void text(Rule rule, String value) {
            switch (rule.kind()) {
                case TEXT -> members.add(new TextMember(rule.encodedName(), value, true));
                case US_PRIVACY -> {
                    if (isUsPrivacy(value)) {
                        members.add(new TextMember(rule.encodedName(), value, false));
                    }
                }
                case GPP -> {
                    if (isGppAlphabet(value)) {
                        members.add(new TextMember(rule.encodedName(), value, true));
                    }
                }
                case POD_ID -> members.add(new TextMember(rule.encodedName(), podIds.outbound(value), false));
                default -> {
                }
            }
        }

        private void texts(Rule rule, List<String> values) {
            if (!values.isEmpty()) {
                members.add(new TextsMember(rule.encodedName(), values));
            }
        }

        private void ints(Rule rule, List<Integer> values) {
            if (!values.isEmpty()) {
                members.add(new IntsMember(rule.encodedName(), values));
            }
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

        private final List<String> seen = new ArrayList<>(2);

        String outbound(String playerPodId) {
            int index = seen.indexOf(playerPodId);
            if (index < 0) {
                seen.add(playerPodId);
                index = seen.size() - 1;
            }
            int n = index + 1;
            return n <= CACHED ? OURS[n] : "pod-" + n;
        }
    }
}
