package dev.idgw.testkit.partner;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The requests a stub received, newest last, keeping at most {@code capacity} so a long load test cannot exhaust
 * memory; {@link #count()} still counts the dropped ones. One lock is enough: a stub takes a few thousand requests
 * a second, and each hold is a deque operation.
 */
final class ReceivedLog {

    private final int capacity;
    private final ArrayDeque<ReceivedRequest> kept = new ArrayDeque<>();
    private long count;

    ReceivedLog(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(ReceivedRequest request) {
        count++;
        if (capacity == 0) {
            return;
        }
        if (kept.size() == capacity) {
            kept.removeFirst();
        }
        kept.addLast(request);
    }

    synchronized List<ReceivedRequest> snapshot() {
        return List.copyOf(kept);
    }

    synchronized long count() {
        return count;
    }

    synchronized void clear() {
        kept.clear();
        count = 0;
    }
}
