package dev.idgw.gateway.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partner's own reading of Structured Field dictionaries (RFC 8941 §4.2), the shape of {@code Signature-Input},
 * {@code Signature} and {@code Content-Digest}, and the serialization RFC 9421 §2.3 signs. Written for the
 * independent verifier from the RFC, sharing nothing with the gateway's signer. Strict: anything outside the
 * grammar is an {@link IllegalArgumentException}.
 */
final class StructuredFields {
    /** A token bare item (unquoted), kept apart from strings because they serialize differently. */
    record Token(String text) {
    }

    /** A bare item with its parameters, in order. */
    record Item(Object value, Map<String, Object> params) {
    }

    record InnerList(List<Item> items, Map<String, Object> params) {
    }

    private final String text;
    private int pos;

    private StructuredFields(String text) {
        this.text = text;
    }

    /** Members in order; each an {@link Item} or an {@link InnerList}. */
    static Map<String, Object> dictionary(String field) {
        StructuredFields in = new StructuredFields(field);
        Map<String, Object> members = new LinkedHashMap<>();
        in.skipSpaces();
        while (in.pos < in.text.length()) {
            String key = in.key();
            Object value;
            if (in.peek('=')) {
                in.pos++;
                value = in.peek('(') ? in.innerList() : new Item(in.bareItem(), in.params());
            } else {
                value = new Item(Boolean.TRUE, in.params());
            }
            members.put(key, value);
            in.skipOptionalWhitespace();
            if (in.pos == in.text.length()) {
                break;
            }
            in.expect(',');
            in.skipOptionalWhitespace();
            if (in.pos == in.text.length()) {
                throw new IllegalArgumentException("trailing comma");
            }
        }
        return members;
    }

    /** RFC 8941 §4.1.1.1 and §4.1.1.2, as RFC 9421 §2.3 serializes {@code @signature-params}. */
    static String serialize(InnerList list) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < list.items().size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            Item item = list.items().get(i);
            out.append(bare(item.value())).append(params(item.params()));
        }
        return out.append(')').append(params(list.params())).toString();
    }

    static String serialize(Item item) {
        return bare(item.value()) + params(item.params());
    }

    private static String params(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> {
            out.append(';').append(key);
            if (!Boolean.TRUE.equals(value)) {
                out.append('=').append(bare(value));
            }
        });
        return out.toString();
    }

    private static String bare(Object value) {
        if (value instanceof Long n) {
            return Long.toString(n);
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof Token t) {
            return t.text();
        }
        if (value instanceof byte[] bytes) {
            return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
        }
        if (value instanceof Boolean b) {
            return b ? "?1" : "?0";
        }
        throw new IllegalArgumentException("not a bare item: " + value);
    }

    private InnerList innerList() {
        expect('(');
        List<Item> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (peek(')')) {
                pos++;
                return new InnerList(items, params());
            }
            items.add(new Item(bareItem(), params()));
            if (!peek(' ') && !peek(')')) {
                throw error("expected a space or ')'");
            }
        }
    }

    private Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        while (peek(';')) {
            pos++;
            skipSpaces();
            String key = key();
            Object value = Boolean.TRUE;
            if (peek('=')) {
                pos++;
                value = bareItem();
            }
            params.put(key, value);
        }
        return params;
    }

    private Object bareItem() {
        if (pos >= text.length()) {
            throw error("expected an item");
        }
        char c = text.charAt(pos);
        if (c == '-' || c >= '0' && c <= '9') {
            int start = pos;
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos - start > 16) {
                throw error("integer too long");
            }
            return Long.parseLong(text.substring(start, pos));
        }
        if (c == '"') {
            pos++;
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char d = text.charAt(pos++);
                if (d == '\\') {
                    if (pos >= text.length() || text.charAt(pos) != '"' && text.charAt(pos) != '\\') {
                        throw error("bad escape");
                    }
                    out.append(text.charAt(pos++));
                } else if (d == '"') {
                    return out.toString();
                } else if (d < 0x20 || d > 0x7e) {
                    throw error("not printable ASCII in a string");
                } else {
                    out.append(d);
                }
            }
            throw error("unterminated string");
        }
        if (c == ':') {
            int end = text.indexOf(':', pos + 1);
            if (end < 0) {
                throw error("unterminated byte sequence");
            }
            byte[] bytes = Base64.getDecoder().decode(text.substring(pos + 1, end).getBytes(StandardCharsets.US_ASCII));
            pos = end + 1;
            return bytes;
        }
        if (c == '?') {
            if (pos + 1 < text.length() && (text.charAt(pos + 1) == '0' || text.charAt(pos + 1) == '1')) {
                pos += 2;
                return text.charAt(pos - 1) == '1';
            }
            throw error("bad boolean");
        }
        if (Character.isLetter(c) || c == '*') {
            int start = pos;
            while (pos < text.length() && "!#$%&'*+-.^_`|~:/".indexOf(text.charAt(pos)) >= 0
                    || pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            return new Token(text.substring(start, pos));
        }
        throw error("not an item");
    }

    private String key() {
        int start = pos;
        if (pos >= text.length() || !(text.charAt(pos) >= 'a' && text.charAt(pos) <= 'z' || text.charAt(pos) == '*')) {
            throw error("expected a key");
        }
        while (pos < text.length() && (text.charAt(pos) >= 'a' && text.charAt(pos) <= 'z'
                || Character.isDigit(text.charAt(pos)) || "_-.*".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (peek(' ')) {
            pos++;
        }
    }

    private void skipOptionalWhitespace() {
        while (peek(' ') || peek('\t')) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("structured field at " + pos + ": " + problem);
    }
}
