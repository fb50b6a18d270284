package dev.idgw.gateway.decision;

import com.iab.gpp.encoder.error.DecodingException;

/**
 * Reads a GPP segment (the spec's base64url alphabet, 6 bits a character, no padding characters) as
 * fixed-width unsigned integers, most significant bit first. Anything that is not exactly a well-formed
 * segment throws the library's {@link DecodingException}, so the gateway's own sections fail closed
 * down the same path as the library's.
 */
final class GppBitReader {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final String segment;
    private final int bitLength;
    private int position;

    GppBitReader(String segment) {
        if (segment.isEmpty()) {
            throw new DecodingException("empty GPP segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            if (ALPHABET.indexOf(segment.charAt(i)) < 0) {
                throw new DecodingException("GPP segment has a character outside base64url");
            }
        }
        this.segment = segment;
        this.bitLength = segment.length() * 6;
    }

    int readInt(int bits) {
        if (position + bits > bitLength) {
            throw new DecodingException("GPP segment truncated");
        }
        int value = 0;
        for (int i = 0; i < bits; i++) {
            value = (value << 1) | bit(position++);
        }
        return value;
    }

    boolean readBoolean() {
        return readInt(1) == 1;
    }

    /**
     * Checks what is left after the last field is padding: encoders pad with zeros to a multiple of 6
     * bits (the spec) or to a multiple of 8 and then of 6 (the IAB libraries). Anything longer, or a
     * non-zero pad bit, is not a string any encoder wrote: a flipped bit or a spliced string.
     */
    void requirePaddingOnly() {
        int specPadded = (position + 5) / 6 * 6;
        int libraryPadded = ((position + 7) / 8 * 8 + 5) / 6 * 6;
        if (bitLength != specPadded && bitLength != libraryPadded) {
            throw new DecodingException("GPP segment longer than its fields");
        }
        while (position < bitLength) {
            if (bit(position++) != 0) {
                throw new DecodingException("GPP segment has a non-zero pad bit");
            }
        }
    }

    private int bit(int index) {
        int sextet = ALPHABET.indexOf(segment.charAt(index / 6));
        return (sextet >> (5 - index % 6)) & 1;
    }
}
