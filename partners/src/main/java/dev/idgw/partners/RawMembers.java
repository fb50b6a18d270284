package dev.idgw.partners;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON members already rendered as UTF-8 (no braces), copied into each payload as they are ({@link
 * #writeTo}): a slice of the template's one rendering, so no per-segment string or copy. It is also a
 * {@code SerializableString} so a generator can splice it with {@code writeRaw} (the reference payload
 * writer in the tests does); only the unquoted forms make sense for raw JSON, the quoted ones are refused.
 */
final class RawMembers implements SerializableString {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    RawMembers(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    void writeTo(JsonOut out) {
        out.raw(bytes, offset, length);
    }

    @Override
    public String getValue() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int at) {
        if (length > buffer.length - at) {
            return -1;
        }
        System.arraycopy(bytes, offset, buffer, at, length);
        return length;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public int appendUnquoted(char[] buffer, int at) {
        String value = getValue();
        if (value.length() > buffer.length - at) {
            return -1;
        }
        value.getChars(0, value.length(), buffer, at);
        return value.length();
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException {
        out.write(bytes, offset, length);
        return length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (length > buffer.remaining()) {
            return -1;
        }
        buffer.put(bytes, offset, length);
        return length;
    }

    @Override
    public char[] asQuotedChars() {
        throw quoted();
    }

    @Override
    public byte[] asQuotedUTF8() {
        throw quoted();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int at) {
        throw quoted();
    }

    @Override
    public int appendQuoted(char[] buffer, int at) {
        throw quoted();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
        throw quoted();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        throw quoted();
    }

    @Override
    public String toString() {
        return getValue();
    }

    private static UnsupportedOperationException quoted() {
        return new UnsupportedOperationException("raw JSON members are never written as a quoted string");
    }
}
