package dev.idgw.gateway.fanout;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;

/**
 * The partner answers of every day, read straight from their bytes with nothing but the strings the bids keep:
 * no parser, context, symbol table or buffer per answer, as Jackson needs (more than half the bytes a bid response
 * cost to read). One per thread, reused.
 *
 * <p>It vouches only for plain JSON: RFC 8259 documents whose root is an object, within limits far below the
 * reader's Jackson limits. Anything else, whether Jackson would accept it or not, makes it throw {@link #UNSURE},
 * and the reader reads the answer again from the start with Jackson, which decides: a byte out of place, a
 * truncation or trailing content, a body not starting with '{' (a byte order mark, UTF-16), UTF-8 that is not
 * well-formed (Jackson has its own leniencies there, such as overlong forms), an escaped member name, a number
 * longer than {@link #MAX_NUMBER_CHARS}, an integer of more than 18 digits, a decimal off {@link ExactDecimal}'s
 * exact path, nesting deeper than {@link #MAX_DEPTH}, a string longer than {@link #MAX_STRING_BYTES}. So whatever
 * it reads, Jackson would have read the same tokens with the same values: every verdict stays Jackson's.
 *
 * <p>Not thread-safe: the reader keeps one per thread and {@link #release}s it after each answer.
 */
final class StrictJsonTokens implements JsonTokens {
    /** Far below the reader's Jackson limit (32), far above what answers need (7). */
    static final int MAX_DEPTH = 16;
    /** Jackson's limit is 1,000 characters. */
    static final int MAX_NUMBER_CHARS = 64;
    /** Jackson's limit is 50,000 characters (a character takes at least one byte). */
    static final int MAX_NAME_BYTES = 1_000;
    /** Jackson's limit is 20,000,000 characters. */
    static final int MAX_STRING_BYTES = 1 << 20;
    /** A scratch buffer grown past this for one long escaped string is not kept for the next answer. */
    private static final int KEPT_SCRATCH_CHARS = 1 << 16;
    private static final int MAX_LONG_DIGITS = 18;

    /** "Jackson decides": thrown, never caught by the rules, and so without a stack trace to fill in. */
    static final class Unsure extends RuntimeException {
        private Unsure() {
            super("not plain enough for the strict path", null, false, false);
        }
    }

    static final Unsure UNSURE = new Unsure();

    private byte[] in;
    private int pos;
    private int end;
    private boolean rootSeen;
    /** The open containers, outermost first: whether each is an object, and whether it has a member yet. */
    private final boolean[] objects = new boolean[MAX_DEPTH];
    private final boolean[] started = new boolean[MAX_DEPTH];
    private int depth;
    private JsonToken current;
    /** The current member's key. */
    private BidResponseKey key;
    /** The current string's content or number's text, as bytes of the input. */
    private int valueStart;
    private int valueEnd;
    private boolean escaped;
    private boolean ascii;
    private char[] scratch = new char[128];

    void reset(byte[] body, int offset, int length) {
        in = body;
        pos = offset;
        end = offset + length;
        rootSeen = false;
        depth = 0;
        current = null;
        key = null;
    }

    /** Lets go of the answer's bytes (and of a scratch buffer grown unusually large). */
    void release() {
        in = null;
        if (scratch.length > KEPT_SCRATCH_CHARS) {
            scratch = new char[128];
        }
    }

    @Override
    public JsonToken nextToken() {
        if (current == JsonToken.FIELD_NAME) {
            return current = value(skipWhitespace()); // the name took its colon along
        }
        int c = skipWhitespace();
        if (depth == 0) {
            if (rootSeen || c != '{') {
                if (rootSeen && c < 0) {
                    return current = null;
                }
                throw UNSURE;
            }
            rootSeen = true;
            return current = value(c);
        }
        int innermost = depth - 1;
        boolean object = objects[innermost];
        if (c == (object ? '}' : ']')) {
            pos++;
            depth--;
            return current = object ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
        }
        if (started[innermost]) {
            if (c != ',') {
                throw UNSURE;
            }
            pos++;
            c = skipWhitespace();
        }
        started[innermost] = true;
        if (object) {
            name(c);
            return current = JsonToken.FIELD_NAME;
        }
        return current = value(c);
    }

    @Override
    public BidResponseKey nextKey() {
        JsonToken token = nextToken();
        if (token == JsonToken.FIELD_NAME) {
            return currentKey();
        }
        if (token == JsonToken.END_OBJECT) {
            return null;
        }
        throw UNSURE;
    }

    /** The key of the member name the tokens are on. */
    BidResponseKey currentKey() {
        return key;
    }

    /** Names are matched, never kept: a rule that needs one as written is for Jackson. */
    @Override
    public String nextFieldName() {
        throw UNSURE;
    }

    @Override
    public void skipChildren() {
        if (current != JsonToken.START_OBJECT && current != JsonToken.START_ARRAY) {
            return;
        }
        int outside = depth - 1;
        while (true) {
            JsonToken token = nextToken();
            if ((token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) && depth == outside) {
                return;
            }
        }
    }

    @Override
    public String text() {
        if (!escaped) {
            return new String(in, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
        }
        int length = unescape(); // first: it may replace the scratch array with a larger one
        return new String(scratch, 0, length);
    }

    @Override
    public boolean textIs(String expected) {
        if (!escaped && ascii) {
            int length = valueEnd - valueStart;
            if (length != expected.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (in[valueStart + i] != expected.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        int length = escaped ? unescape() : decode();
        if (length != expected.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (scratch[i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** An integer as Jackson casts its int or long; a decimal only on {@link ExactDecimal}'s exact path. */
    @Override
    public double doubleValue() {
        if (current == JsonToken.VALUE_NUMBER_INT) {
            return longValue();
        }
        int length = valueEnd - valueStart;
        for (int i = 0; i < length; i++) {
            scratch[i] = (char) in[valueStart + i];
        }
        double exact = ExactDecimal.parse(scratch, 0, length);
        if (Double.isNaN(exact)) {
            throw UNSURE;
        }
        return exact;
    }

    @Override
    public int intValue() {
        return (int) longValue();
    }

    private long longValue() {
        int i = valueStart;
        boolean negative = in[i] == '-';
        if (negative) {
            i++;
        }
        if (valueEnd - i > MAX_LONG_DIGITS) {
            throw UNSURE;
        }
        long value = 0;
        for (; i < valueEnd; i++) {
            value = value * 10 + (in[i] - '0');
        }
        return negative ? -value : value;
    }

    /** The next byte that is not JSON whitespace (without passing it), or -1 at the end. */
    private int skipWhitespace() {
        while (pos < end) {
            int b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b & 0xFF;
            }
            pos++;
        }
        return -1;
    }

    /** A value starting with {@code c} at {@code pos}. */
    private JsonToken value(int c) {
        switch (c) {
            case '{' -> {
                open(true);
                return JsonToken.START_OBJECT;
            }
            case '[' -> {
                open(false);
                return JsonToken.START_ARRAY;
            }
            case '"' -> {
                string(MAX_STRING_BYTES);
                return JsonToken.VALUE_STRING;
            }
            case 't' -> {
                literal("true");
                return JsonToken.VALUE_TRUE;
            }
            case 'f' -> {
                literal("false");
                return JsonToken.VALUE_FALSE;
            }
            case 'n' -> {
                literal("null");
                return JsonToken.VALUE_NULL;
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw UNSURE;
            }
        }
    }

    private void open(boolean object) {
        if (depth == MAX_DEPTH) {
            throw UNSURE;
        }
        objects[depth] = object;
        started[depth] = false;
        depth++;
        pos++;
    }

    /** A member name, its whitespace and its colon. */
    private void name(int c) {
        if (c != '"') {
            throw UNSURE;
        }
        string(MAX_NAME_BYTES);
        if (escaped) {
            throw UNSURE;
        }
        key = BidResponseKey.named(in, valueStart, valueEnd - valueStart);
        if (skipWhitespace() != ':') {
            throw UNSURE;
        }
        pos++;
    }

    /** The string whose opening quote is at {@code pos}: checked to its closing quote and passed. */
    private void string(int maxBytes) {
        int start = pos + 1;
        int p = start;
        boolean anyEscape = false;
        boolean onlyAscii = true;
        while (true) {
            if (p >= end) {
                throw UNSURE;
            }
            int b = in[p] & 0xFF;
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                anyEscape = true;
                p = pastEscape(p);
            } else if (b < 0x20) {
                throw UNSURE;
            } else if (b < 0x80) {
                p++;
            } else {
                onlyAscii = false;
                p = pastUtf8Sequence(p, b);
            }
        }
        if (p - start > maxBytes) {
            throw UNSURE;
        }
        valueStart = start;
        valueEnd = p;
        escaped = anyEscape;
        ascii = onlyAscii;
        pos = p + 1;
    }

    /** Past one of JSON's escapes, which starts at {@code p}. */
    private int pastEscape(int p) {
        if (p + 1 >= end) {
            throw UNSURE;
        }
        switch (in[p + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return p + 2;
            }
            case 'u' -> {
                if (p + 5 >= end) {
                    throw UNSURE;
                }
                for (int i = p + 2; i < p + 6; i++) {
                    if (hexValue(in[i]) < 0) {
                        throw UNSURE;
                    }
                }
                return p + 6;
            }
            default -> throw UNSURE;
        }
    }

    /** Past the well-formed UTF-8 sequence (Unicode's table 3-7) that {@code lead} starts at {@code p}. */
    private int pastUtf8Sequence(int p, int lead) {
        int more;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            more = 1;
        } else if (lead == 0xE0) {
            more = 2;
            secondMin = 0xA0;
        } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
            more = 2;
        } else if (lead == 0xED) {
            more = 2;
            secondMax = 0x9F; // no surrogates
        } else if (lead == 0xF0) {
            more = 3;
            secondMin = 0x90;
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            more = 3;
        } else if (lead == 0xF4) {
            more = 3;
            secondMax = 0x8F;
        } else {
            throw UNSURE;
        }
        if (p + more >= end) {
            throw UNSURE;
        }
        int second = in[p + 1] & 0xFF;
        if (second < secondMin || second > secondMax) {
            throw UNSURE;
        }
        for (int i = p + 2; i <= p + more; i++) {
            int continuation = in[i] & 0xFF;
            if (continuation < 0x80 || continuation > 0xBF) {
                throw UNSURE;
            }
        }
        return p + more + 1;
    }

    /** A number in JSON's grammar, followed by whitespace, a comma or a closing bracket. */
    private JsonToken number() {
        int p = pos;
        boolean decimal = false;
        if (in[p] == '-') {
            p++;
        }
        if (p < end && in[p] == '0') {
            p++;
        } else if (p < end && in[p] >= '1' && in[p] <= '9') {
            p = pastDigits(p);
        } else {
            throw UNSURE;
        }
        if (p < end && in[p] == '.') {
            p = pastDigitsAtLeastOne(p + 1);
            decimal = true;
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            p = pastDigitsAtLeastOne(p);
            decimal = true;
        }
        requireDelimiterAt(p);
        if (p - pos > MAX_NUMBER_CHARS) {
            throw UNSURE;
        }
        valueStart = pos;
        valueEnd = p;
        pos = p;
        return decimal ? JsonToken.VALUE_NUMBER_FLOAT : JsonToken.VALUE_NUMBER_INT;
    }

    private int pastDigits(int p) {
        while (p < end && in[p] >= '0' && in[p] <= '9') {
            p++;
        }
        return p;
    }

    private int pastDigitsAtLeastOne(int p) {
        if (p >= end || in[p] < '0' || in[p] > '9') {
            throw UNSURE;
        }
        return pastDigits(p);
    }

    private void literal(String word) {
        int length = word.length();
        if (pos + length > end) {
            throw UNSURE;
        }
        for (int i = 0; i < length; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw UNSURE;
            }
        }
        requireDelimiterAt(pos + length);
        pos += length;
    }

    /** What may follow a number or literal inside an object or array (the root is always an object). */
    private void requireDelimiterAt(int p) {
        if (p >= end) {
            throw UNSURE;
        }
        int b = in[p];
        if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
            throw UNSURE;
        }
    }

    /** The current string's characters into {@link #scratch}, escapes resolved; their count. */
    private int unescape() {
        char[] out = scratchFor(valueEnd - valueStart);
        int n = 0;
        int p = valueStart;
        while (p < valueEnd) {
            if (in[p] != '\\') {
                int next = nextEscape(p);
                n = decodeUtf8(p, next, out, n);
                p = next;
                continue;
            }
            byte escape = in[p + 1];
            if (escape == 'u') {
                out[n++] = (char) (hexValue(in[p + 2]) << 12 | hexValue(in[p + 3]) << 8 | hexValue(in[p + 4]) << 4
                        | hexValue(in[p + 5]));
                p += 6;
                continue;
            }
            out[n++] = switch (escape) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> (char) escape; // '"', '\\' or '/'
            };
            p += 2;
        }
        return n;
    }

    /** The current (escape-free) string's characters into {@link #scratch}; their count. */
    private int decode() {
        return decodeUtf8(valueStart, valueEnd, scratchFor(valueEnd - valueStart), 0);
    }

    private int nextEscape(int p) {
        while (p < valueEnd && in[p] != '\\') {
            p++;
        }
        return p;
    }

    /** Bytes {@code [from, to)}, already checked well-formed, as UTF-16 into {@code out} from {@code n}. */
    private int decodeUtf8(int from, int to, char[] out, int n) {
        int p = from;
        while (p < to) {
            int b = in[p] & 0xFF;
            if (b < 0x80) {
                out[n++] = (char) b;
                p++;
            } else if (b < 0xE0) {
                out[n++] = (char) ((b & 0x1F) << 6 | (in[p + 1] & 0x3F));
                p += 2;
            } else if (b < 0xF0) {
                out[n++] = (char) ((b & 0x0F) << 12 | (in[p + 1] & 0x3F) << 6 | (in[p + 2] & 0x3F));
                p += 3;
            } else {
                int codePoint = (b & 0x07) << 18 | (in[p + 1] & 0x3F) << 12 | (in[p + 2] & 0x3F) << 6
                        | (in[p + 3] & 0x3F);
                out[n++] = Character.highSurrogate(codePoint);
                out[n++] = Character.lowSurrogate(codePoint);
                p += 4;
            }
        }
        return n;
    }

    /** Room for {@code bytes} decoded: never more characters than bytes. */
    private char[] scratchFor(int bytes) {
        if (scratch.length < bytes) {
            scratch = new char[Math.max(bytes, scratch.length * 2)];
        }
        return scratch;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
