package dev.idgw.gateway.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text as UTF-8 bytes, character for character as Jackson's generator (COMBINE_UNICODE_SURROGATES_IN_UTF8 on,
 * everything else by default) wrote the player's answer, whose bytes must not change:
 *
 * <ul>
 *   <li>the quote and the backslash escaped with a backslash; the control characters backspace, tab, line feed,
 *       form feed and carriage return as b, t, n, f and r after a backslash, the others as a backslash, a u and 00XX
 *       in upper-case hex; everything else, '/' and U+2028 included, unescaped;</li>
 *   <li>a surrogate pair as the 4 bytes of its code point, a lone surrogate as '?' (as {@code String.getBytes}
 *       turned it when the answer went out as text; Jackson would escape it);</li>
 *   <li>a null string as {@code null}; a double as {@code Double.toString} spells it, in quotes when not finite.</li>
 * </ul>
 *
 * <p>Kept per thread and reused: the answer is written here, then copied once into a buffer of its exact size,
 * with no generator, context or estimate per answer. Not thread-safe.
 */
final class JsonText {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_BYTES = 4 * 1024;
    /** An answer larger than this leaves no buffer of its size behind for the next one. */
    private static final int KEPT_BYTES = 256 * 1024;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;
    /** For doubles: {@code StringBuilder.append(double)} spells a double as Double.toString does, without a String. */
    private final StringBuilder digits = new StringBuilder(32);

    JsonText reset() {
        length = 0;
        return this;
    }

    /** The text so far, in a buffer of exactly its size; the text is then empty. */
    Buffer toBuffer() {
        Buffer buffer = Buffer.buffer(length).appendBytes(bytes, 0, length);
        length = 0;
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
        return buffer;
    }

    /** Characters that need no escaping, all ASCII: punctuation and member names. */
    JsonText raw(String ascii) {
        int n = ascii.length();
        room(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    JsonText string(String s) {
        if (s == null) {
            return raw("null");
        }
        int n = s.length();
        room(n + 2);
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                room(1);
                bytes[length++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                room(2);
                bytes[length++] = (byte) (0xC0 | c >> 6);
                bytes[length++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                room(3);
                bytes[length++] = (byte) (0xE0 | c >> 12);
                bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[length++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, s.charAt(++i));
                room(4);
                bytes[length++] = (byte) (0xF0 | codePoint >> 18);
                bytes[length++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                bytes[length++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                bytes[length++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                room(1);
                bytes[length++] = '?';
            }
        }
        room(1);
        bytes[length++] = '"';
        return this;
    }

    JsonText number(int value) {
        room(11);
        if (value < 0) {
            if (value == Integer.MIN_VALUE) {
                return raw("-2147483648");
            }
            bytes[length++] = '-';
            value = -value;
        }
        int end = length + digitCount(value);
        for (int at = end - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
        return this;
    }

    JsonText number(double value) {
        boolean finite = Double.isFinite(value);
        digits.setLength(0);
        digits.append(value);
        int n = digits.length();
        room(n + 2);
        if (!finite) {
            bytes[length++] = '"';
        }
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) digits.charAt(i);
        }
        if (!finite) {
            bytes[length++] = '"';
        }
        return this;
    }

    private void escape(char c) {
        room(6);
        bytes[length++] = '\\';
        switch (c) {
            case '"', '\\' -> bytes[length++] = (byte) c;
            case '\b' -> bytes[length++] = 'b';
            case '\t' -> bytes[length++] = 't';
            case '\n' -> bytes[length++] = 'n';
            case '\f' -> bytes[length++] = 'f';
            case '\r' -> bytes[length++] = 'r';
            default -> {
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[c >> 4];
                bytes[length++] = HEX[c & 0xF];
            }
        }
    }

    private static int digitCount(int nonNegative) {
        int count = 1;
        while (nonNegative >= 10) {
            nonNegative /= 10;
            count++;
        }
        return count;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }
}
