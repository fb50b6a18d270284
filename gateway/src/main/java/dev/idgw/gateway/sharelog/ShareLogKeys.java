package dev.idgw.gateway.sharelog;

/**
 * Redis keys of one writer's share log. All carry the writer id as a Redis Cluster hash tag, so the
 * stream, its chain head and its checkpoints live on one slot and the append script may touch them
 * together.
 *
 * <ul>
 *   <li>{@code <prefix>:shares:{<writer>}} — stream, one entry per record: {@code seq}, {@code h}
 *       (entry hash), {@code e} (canonical JSON, which holds the record's unique id)
 *   <li>{@code <prefix>:chain:{<writer>}} — hash: {@code seq}, {@code hash}, {@code id} of the last entry
 *   <li>{@code <prefix>:checkpoints:{<writer>}} — stream of signed checkpoints
 *   <li>{@code <prefix>:writers} — set of writer ids that ever wrote (for compliance reads)
 *   <li>{@code <prefix>:lease:{<writer>}} — string with a PX expiry: the random token of the one running
 *       instance that may append as this writer ({@link WriterLease})
 * </ul>
 */
public record ShareLogKeys(String prefix, String writerId) {
    public String stream() {
        return prefix + ":shares:{" + writerId + "}";
    }

    public String head() {
        return prefix + ":chain:{" + writerId + "}";
    }

    public String checkpoints() {
        return prefix + ":checkpoints:{" + writerId + "}";
    }

    public String lease() {
        return prefix + ":lease:{" + writerId + "}";
    }

    public static String writers(String prefix) {
        return prefix + ":writers";
    }
}
