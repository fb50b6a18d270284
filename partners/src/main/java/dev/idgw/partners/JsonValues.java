package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Reading a streaming parser's values by the rules a {@code JsonNode} tree applied, so code that moved
 * off trees keeps their behaviour.
 *
 * <p>A value nobody reads is skipped, yet held to the same limits as a value that is read. Jackson's own
 * {@link JsonParser#skipChildren()} only scans strings: an over-long or mis-encoded string inside an
 * unknown member would then pass here although reading the body into a tree rejects it. So every
 * string is decoded into the parser's reused buffer (no {@code String} is made) and its length checked.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** From the parser's current token, moves to the last token of its value. */
    public static void skipValue(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            checkString(p);
            return;
        }
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 1;
        while (depth > 0) {
            token = p.nextToken();
            if (token == null) {
                return; // the parser reports a truncated body itself
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> checkString(p);
                default -> {
                }
            }
        }
    }

    /**
     * True when the current token is an integral number that fits an int: what {@code isIntegralNumber()
     * && canConvertToInt()} said of a tree node (a tree built in code may hold a small long or BigInteger).
     */
    public static boolean fitsInt(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        return switch (p.getNumberType()) {
            case INT -> true;
            case LONG -> {
                long v = p.getLongValue();
                yield v == (int) v;
            }
            case BIG_INTEGER -> p.getBigIntegerValue().bitLength() < Integer.SIZE;
            default -> false;
        };
    }

    private static void checkString(JsonParser p) throws IOException {
        int max = p.streamReadConstraints().getMaxStringLength();
        if (p.getTextLength() > max) {
            throw new StreamConstraintsException("String value length exceeds the maximum allowed (" + max + ")",
                    p.currentTokenLocation());
        }
    }
}
