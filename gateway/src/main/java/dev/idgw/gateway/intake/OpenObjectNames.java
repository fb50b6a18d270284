package dev.idgw.gateway.intake;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The member names met so far in each JSON object a parser is inside, so that a name repeated within
 * one object is caught. One parse's scratch: single use, one thread.
 *
 * <p>Ordinary objects have a handful of members, so their names sit in one array shared by all open
 * objects (an object's names follow its parent's) and a new name is compared with its object's names
 * one by one: Jackson hands out canonical name instances, so {@code ==} settles a repeat, and the
 * hash a String caches settles nearly all the rest; nothing is allocated per object. An object with
 * more than {@link #LINEAR_LIMIT} members moves to a hash set, so that a hostile body with 100,000
 * members in one object costs O(n), not O(n²).
 */
final class OpenObjectNames {
    /** Members compared one by one before an object's names move to a hash set. */
    static final int LINEAR_LIMIT = 16;

    /** The shared names: those of the outermost open object first, the innermost's last. */
    private String[] names = new String[2 * LINEAR_LIMIT];
    private int used;
    /** Per open object, outermost first: the index in {@link #names} where its names start. */
    private int[] starts = new int[8];
    /** Per open object: its names once it has more than {@link #LINEAR_LIMIT}, else null; made on first need. */
    private Set<String>[] large;
    private int depth;

    /** An object starts: its names are counted apart from its parent's. */
    void enter() {
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
        }
        starts[depth++] = used;
    }

    /** The innermost object ends: its names are forgotten, its parent's are current again. */
    void exit() {
        depth--;
        used = starts[depth];
        if (large != null && depth < large.length) {
            large[depth] = null;
        }
    }

    /**
     * Records a member name of the innermost open object.
     *
     * @return false when that object already had a member of this name
     */
    boolean add(String name) {
        int object = depth - 1;
        if (large != null && object < large.length && large[object] != null) {
            return large[object].add(name);
        }
        int start = starts[object];
        int hash = name.hashCode(); // a String keeps its hash: compared before any character is
        for (int i = start; i < used; i++) {
            String seen = names[i];
            if (seen == name || seen.hashCode() == hash && seen.equals(name)) {
                return false;
            }
        }
        if (used - start == LINEAR_LIMIT) {
            moveToSet(object, start).add(name);
            return true;
        }
        if (used == names.length) {
            names = Arrays.copyOf(names, used * 2);
        }
        names[used++] = name;
        return true;
    }

    /** The innermost object's names leave the shared array for a set of their own. */
    @SuppressWarnings("unchecked")
    private Set<String> moveToSet(int object, int start) {
        if (large == null || object >= large.length) {
            large = large == null ? new Set[starts.length] : Arrays.copyOf(large, starts.length);
        }
        Set<String> set = new HashSet<>(4 * LINEAR_LIMIT);
        set.addAll(Arrays.asList(names).subList(start, used));
        used = start;
        large[object] = set;
        return set;
    }
}
