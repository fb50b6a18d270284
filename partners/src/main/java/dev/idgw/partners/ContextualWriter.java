package dev.idgw.partners;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * Renders contextual members through the leak guard. An object that is left out when nothing inside
 * survives the guard (the geo) is opened lazily: its name and brace are written only before its first
 * surviving member, so the guard runs once per string and nothing is written twice.
 */
final class ContextualWriter {
    private final JsonGenerator generator;
    private final LeakGuard guard;
    private SerializedString pendingObject;

    ContextualWriter(JsonGenerator generator, LeakGuard guard) {
        this.generator = generator;
        this.guard = guard;
    }

    JsonGenerator generator() {
        return generator;
    }

    boolean allows(String text) {
        return guard.allows(text);
    }

    /** Writes a member's name (after the lazily opened object, if one is pending), ready for its value. */
    JsonGenerator member(SerializedString name) throws IOException {
        if (pendingObject != null) {
            SerializedString object = pendingObject;
            pendingObject = null;
            generator.writeFieldName(object);
            generator.writeStartObject();
        }
        generator.writeFieldName(name);
        return generator;
    }

    void openLazily(SerializedString name) {
        pendingObject = name;
    }

    void closeLazily() throws IOException {
        if (pendingObject == null) {
            generator.writeEndObject();
        } else {
            pendingObject = null; // nothing survived: the object is left out
        }
    }
}
