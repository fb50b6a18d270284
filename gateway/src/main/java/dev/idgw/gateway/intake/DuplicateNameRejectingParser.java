package dev.idgw.gateway.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser that refuses a member name repeated within one object, anywhere in the body, as Jackson's
 * {@code STRICT_DUPLICATE_DETECTION} does, but without that feature's hash sets per object (a quarter of
 * the bytes the whole parse allocated): names are checked against {@link OpenObjectNames}.
 *
 * <p>Every move through the body goes through {@link #nextToken} or {@link #nextFieldName}, skipping
 * included, so members nobody reads are checked like the others. The duplicate is reported as Jackson
 * reported it: a {@link JsonParseException} "Duplicate field 'name'" located just past the name.
 */
final class DuplicateNameRejectingParser extends JsonParserDelegate {
    private final OpenObjectNames names = new OpenObjectNames();

    DuplicateNameRejectingParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token == JsonToken.FIELD_NAME) {
            checkName(delegate.currentName());
        } else {
            followStructure(token);
        }
        return token;
    }

    /** Jackson's faster path for objects (no token in between), checked the same way. */
    @Override
    public String nextFieldName() throws IOException {
        String name = delegate.nextFieldName();
        if (name != null) {
            checkName(name);
        } else {
            followStructure(delegate.currentToken());
        }
        return name;
    }

    /** The delegate's own would move past a member name unchecked. */
    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    /** The delegate's own skip would pass the names inside unchecked. */
    @Override
    public JsonParser skipChildren() throws IOException {
        JsonToken token = currentToken();
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int open = 1;
        while (open > 0) {
            token = nextToken();
            if (token == null) {
                return this; // a truncated body: the delegate reports it
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
        }
        return this;
    }

    private void followStructure(JsonToken token) {
        if (token == JsonToken.START_OBJECT) {
            names.enter();
        } else if (token == JsonToken.END_OBJECT) {
            names.exit();
        }
    }

    private void checkName(String name) throws JsonParseException {
        if (!names.add(name)) {
            throw new JsonParseException(this, "Duplicate field '" + name + "'", justPast(name));
        }
    }

    /**
     * Where Jackson's own check stopped: just past the name's closing quote, counted in bytes as the
     * parser counts columns of a byte body. The parser has read on since, so it is worked out from where
     * the name started (exact unless the body spelt the name with escapes).
     */
    private JsonLocation justPast(String name) {
        JsonLocation start = delegate.currentTokenLocation();
        int quotedBytes = utf8Length(name) + 2;
        long offset = start.getByteOffset() < 0 ? -1L : start.getByteOffset() + quotedBytes;
        return new JsonLocation(start.contentReference(), offset, -1L, start.getLineNr(),
                start.getColumnNr() + quotedBytes);
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a pair makes 4
        }
        return bytes;
    }
}
