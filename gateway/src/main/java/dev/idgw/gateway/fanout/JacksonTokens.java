package dev.idgw.gateway.fanout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** The reader's tokens from Jackson's parser: for every answer {@link StrictJsonTokens} does not vouch for. */
final class JacksonTokens implements JsonTokens {
    private final JsonParser parser;

    JacksonTokens(JsonParser parser) {
        this.parser = parser;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return parser.nextToken();
    }

    @Override
    public BidResponseKey nextKey() throws IOException {
        String name = parser.nextFieldName();
        return name == null ? null : BidResponseKey.named(name);
    }

    @Override
    public String nextFieldName() throws IOException {
        return parser.nextFieldName();
    }

    @Override
    public void skipChildren() throws IOException {
        parser.skipChildren();
    }

    @Override
    public String text() throws IOException {
        return parser.getText();
    }

    /** Compared in the parser's own character buffer. */
    @Override
    public boolean textIs(String expected) throws IOException {
        int length = parser.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A decimal goes through {@link ExactDecimal} first: Jackson would make a String of it and parse that, for
     * every price of every bid.
     */
    @Override
    public double doubleValue() throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
            double exact = ExactDecimal.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (!Double.isNaN(exact)) {
                return exact;
            }
        }
        return parser.getDoubleValue();
    }

    @Override
    public int intValue() throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> parser.getIntValue();
            case LONG -> (int) parser.getLongValue();
            default -> parser.getBigIntegerValue().intValue();
        };
    }
}
