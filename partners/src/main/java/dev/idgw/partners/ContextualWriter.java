package dev.idgw.partners;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Renders contextual members through the leak guard into a {@link JsonOut}, keeping the commas a
 * generator would: a member or element is preceded by one unless it is the first of its container. An
 * object that is left out when nothing inside survives the guard (the geo) is opened lazily: its name
 * and brace are written only before its first surviving member, so the guard runs once per string and
 * nothing is written twice.
 */
final class ContextualWriter {
    /** Deeper than any allowlisted shape (the request's own depth limit is lower still). */
    private static final int MAX_DEPTH = 64;

    private final JsonOut out;
    private final LeakGuard guard;
    /** Per open container: true until its first member or element is written. */
    private final boolean[] empty = new boolean[MAX_DEPTH];
    private int depth = -1;
    /** A member's name was written: the next value is its value, not an array element. */
    private boolean valuePending;
    private SerializedString pendingObject;

    ContextualWriter(JsonOut out, LeakGuard guard) {
        this.out = out;
        this.guard = guard;
    }

    boolean allows(String text) {
        return guard.allows(text);
    }

    /** Writes a member's name (after the lazily opened object, if one is pending), ready for its value. */
    ContextualWriter member(SerializedString name) {
        if (pendingObject != null) {
            SerializedString object = pendingObject;
            pendingObject = null;
            member(object).startObject();
        }
        separate();
        out.raw('"').raw(name.asQuotedUTF8()).raw('"').raw(':');
        valuePending = true;
        return this;
    }

    /** An array element or a member's value. */
    ContextualWriter string(String value) {
        separateElement();
        out.string(value);
        return this;
    }

    ContextualWriter number(int value) {
        separateElement();
        out.number(value);
        return this;
    }

    /** As a Jackson generator writes a double: {@link Double#toString}, quoted when not finite. */
    ContextualWriter number(double value) {
        separateElement();
        out.number(value);
        return this;
    }

    ContextualWriter startObject() {
        separateElement();
        out.raw('{');
        open();
        return this;
    }

    ContextualWriter endObject() {
        depth--;
        out.raw('}');
        return this;
    }

    ContextualWriter startArray() {
        separateElement();
        out.raw('[');
        open();
        return this;
    }

    ContextualWriter endArray() {
        depth--;
        out.raw(']');
        return this;
    }

    void openLazily(SerializedString name) {
        pendingObject = name;
    }

    void closeLazily() {
        if (pendingObject == null) {
            endObject();
        } else {
            pendingObject = null; // nothing survived: the object is left out
        }
    }

    /** Writes into a container that {@link ContextualTemplate} opened itself, after members it wrote. */
    void continueContainer(boolean hasMembers) {
        open();
        empty[depth] = !hasMembers;
    }

    /** Leaves a container opened by {@link #continueContainer}, without writing its closing bracket. */
    void leaveContainer() {
        depth--;
    }

    private void open() {
        if (++depth == MAX_DEPTH) {
            throw new IllegalStateException("contextual objects nest deeper than " + MAX_DEPTH);
        }
        empty[depth] = true;
    }

    /** Before a member or an array element: a comma unless it is its container's first. */
    private void separate() {
        if (depth >= 0) {
            if (!empty[depth]) {
                out.raw(',');
            }
            empty[depth] = false;
        }
    }

    /** Before a value: nothing right after a member's name; an array element is separated. */
    private void separateElement() {
        if (valuePending) {
            valuePending = false;
        } else {
            separate();
        }
    }
}
