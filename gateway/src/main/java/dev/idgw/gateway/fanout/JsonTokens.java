package dev.idgw.gateway.fanout;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The token operations the bid response reader's rules use, so that the same rules run over Jackson's parser and
 * over {@link StrictJsonTokens}. Each means what the {@code JsonParser} method of that name means.
 */
interface JsonTokens {
    /** The next token; null at the end of the input. */
    JsonToken nextToken() throws IOException;

    /** Moves to the next member and gives its key; null when the object ends there. */
    BidResponseKey nextKey() throws IOException;

    /** Moves to the next member and gives its name as written; null when the object ends there. */
    String nextFieldName() throws IOException;

    /** Past the end of the container the current token starts; nothing for any other token. */
    void skipChildren() throws IOException;

    /** The current string. */
    String text() throws IOException;

    /** Whether the current string is {@code expected}, without making a String of it. */
    boolean textIs(String expected) throws IOException;

    /** The current number as a double, as {@code JsonParser.getDoubleValue()} gives it. */
    double doubleValue() throws IOException;

    /** The current integral number narrowed to int, as {@code JsonNode.intValue()} narrows it. */
    int intValue() throws IOException;
}
