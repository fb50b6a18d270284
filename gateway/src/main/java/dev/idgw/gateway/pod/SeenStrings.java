package dev.idgw.gateway.pod;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The strings a pod has taken so far (bid ids, advertiser domains), kept from pod to pod and request to request.
 * A pod takes a handful of ads, so the first few strings sit in an array that is scanned, which allocates nothing;
 * past {@link #SCAN_LIMIT} they move to a hash set, so that a partner's hundreds of bids or domains cost no more
 * than a hash set always did (and a scan never grows past the limit, whatever hashes a partner crafts).
 */
final class SeenStrings {
    static final int SCAN_LIMIT = 16;

    private final String[] few = new String[SCAN_LIMIT];
    private int size;
    /** All of them once there are more than {@link #SCAN_LIMIT}; null before, and again after {@link #clear}. */
    private Set<String> many;

    boolean contains(String s) {
        if (many != null) {
            return many.contains(s);
        }
        for (int i = 0; i < size; i++) {
            if (few[i].equals(s)) {
                return true;
            }
        }
        return false;
    }

    void add(String s) {
        if (many != null) {
            many.add(s);
        } else if (!contains(s)) {
            if (size < SCAN_LIMIT) {
                few[size++] = s;
            } else {
                many = new HashSet<>(Arrays.asList(few));
                many.add(s);
            }
        }
    }

    /** Empties the set, keeping no reference to what it held. */
    void clear() {
        Arrays.fill(few, 0, size, null);
        size = 0;
        many = null;
    }
}
