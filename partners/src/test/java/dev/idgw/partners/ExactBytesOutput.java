package dev.idgw.partners;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The sink for a generator that writes less than its own buffer: the generator hands over everything
 * in one write when it is closed, and this keeps exactly those bytes, with neither a growing buffer's
 * slack nor a final copy. Larger output still works, it just grows. Not thread-safe, one per rendering.
 */
final class ExactBytesOutput extends OutputStream {
    private static final byte[] NONE = new byte[0];

    private byte[] bytes = NONE;
    private int size;

    @Override
    public void write(int b) {
        ensure(size + 1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (size == 0) {
            bytes = Arrays.copyOfRange(b, off, off + len);
            size = len;
            return;
        }
        ensure(size + len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Bytes received so far. */
    int size() {
        return size;
    }

    /** The bytes written; the array itself when it is exactly full, as it is after a single write. */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
