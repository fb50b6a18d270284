package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON writer for output whose shape the code knows (partner payloads, share records, the player's
 * answer): member names
 * are pre-encoded constants, values are written straight into one byte array that each thread keeps
 * and reuses, and the caller takes exactly the bytes written. A Jackson generator for the same work
 * allocates its context objects and buffers per document; on the hot path that was about a fifth of
 * the bytes allocated per request.
 *
 * <p>Strings come out exactly as Jackson's generator writes them, byte for byte (share records are
 * hashed, so their bytes are part of the ledger's meaning): printable ASCII without {@code "} or
 * {@code \} is copied as it is, and anything else goes through a Jackson generator. {@code
 * JsonOutEquivalencePropertyTest} holds the two to the same output.
 *
 * <p>Not thread-safe: take one with {@link #reuse()}, write, take the bytes, and do not keep it.
 */
public final class JsonOut {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int INITIAL = 2048;
    /** A buffer that grew past this (a huge payload or answer) is not kept for the next document. */
    private static final int KEEP_AT_MOST = 256 * 1024;
    private static final ThreadLocal<JsonOut> PER_THREAD = ThreadLocal.withInitial(JsonOut::new);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[INITIAL];
    private int size;
    private final StringBuilder digits = new StringBuilder(32);

    private JsonOut() {
    }

    /** This thread's writer, emptied. Whatever the previous user left in it is gone. */
    public static JsonOut reuse() {
        JsonOut out = PER_THREAD.get();
        if (out.bytes.length > KEEP_AT_MOST) {
            out.bytes = new byte[INITIAL];
        }
        out.size = 0;
        return out;
    }

    /** A constant (a member name with its quotes and colon, a brace) as the caller encoded it once. */
    public JsonOut raw(byte[] constant) {
        return raw(constant, 0, constant.length);
    }

    /** Already-encoded JSON, copied as it is. */
    public JsonOut raw(byte[] json, int offset, int length) {
        ensure(length);
        System.arraycopy(json, offset, bytes, size, length);
        size += length;
        return this;
    }

    public JsonOut raw(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** A JSON string: quotes included, escaped as Jackson escapes it. */
    public JsonOut string(String value) {
        int length = value.length();
        if (!isPlain(value)) {
            return raw(jacksonString(value));
        }
        ensure(length + 2);
        bytes[size++] = '"';
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) value.charAt(i);
        }
        bytes[size++] = '"';
        return this;
    }

    /** A JSON number, as {@link Long#toString(long)} spells it, without making that string. */
    public JsonOut number(long value) {
        if (value == Long.MIN_VALUE) {
            return raw(MIN_LONG);
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    /** ASCII punctuation and member names given as text ({@code ",\"bid\":["}): copied character by character. */
    public JsonOut ascii(String constant) {
        int n = constant.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) constant.charAt(i);
        }
        return this;
    }

    /** A double as a Jackson generator writes it: {@link Double#toString} spelled, quoted when not finite. */
    public JsonOut number(double value) {
        digits.setLength(0);
        digits.append(value); // the digits of Double.toString, without making that String
        boolean finite = Double.isFinite(value);
        int n = digits.length();
        ensure(n + 2);
        if (!finite) {
            bytes[size++] = '"';
        }
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) digits.charAt(i);
        }
        if (!finite) {
            bytes[size++] = '"';
        }
        return this;
    }

    /**
     * A string as the player's answer has always spelled it (its generator combined surrogates): Jackson's
     * escapes for quote, backslash and control characters, a surrogate pair as the 4 UTF-8 bytes of its code
     * point, a lone surrogate as '?', null as {@code null}. Partner payloads and share records use
     * {@link #string}; the two differ only in surrogates and null.
     */
    public JsonOut combinedText(String s) {
        if (s == null) {
            return ascii("null");
        }
        int n = s.length();
        ensure(n + 2);
        bytes[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                bytes[size++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xC0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                ensure(3);
                bytes[size++] = (byte) (0xE0 | c >> 12);
                bytes[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                bytes[size++] = (byte) (0xF0 | codePoint >> 18);
                bytes[size++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                bytes[size++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                bytes[size++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                ensure(1);
                bytes[size++] = '?';
            }
        }
        ensure(1);
        bytes[size++] = '"';
        return this;
    }

    /** Jackson's escape of an ASCII character: the short forms it knows, else {@code \\u00XX} in upper case. */
    private void escape(char c) {
        ensure(6);
        bytes[size++] = '\\';
        switch (c) {
            case '"', '\\' -> bytes[size++] = (byte) c;
            case '\b' -> bytes[size++] = 'b';
            case '\t' -> bytes[size++] = 't';
            case '\n' -> bytes[size++] = 'n';
            case '\f' -> bytes[size++] = 'f';
            case '\r' -> bytes[size++] = 'r';
            default -> {
                bytes[size++] = 'u';
                bytes[size++] = '0';
                bytes[size++] = '0';
                bytes[size++] = HEX[c >> 4];
                bytes[size++] = HEX[c & 0xF];
            }
        }
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The array being written; valid up to {@link #size()}, and only until the next write. */
    public byte[] array() {
        return bytes;
    }

    /** Exactly the bytes written, in a new array the caller owns. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The bytes written as a string (JSON is UTF-8). */
    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private static boolean isPlain(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The rare string with something to escape or encode: Jackson's own spelling of it. */
    private static byte[] jacksonString(String value) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(value.length() + 16);
             JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(value);
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
