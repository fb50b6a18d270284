package dev.idgw.gateway.reload;

/** What one reload attempt did. */
public sealed interface ReloadOutcome {
    /** The new files are in force for every request that starts from now on. */
    record Reloaded(String fromVersion, String toVersion, int partners) implements ReloadOutcome {
    }

    /** The files parse to the policy already in force (e.g. only comments changed). */
    record Unchanged(String version) implements ReloadOutcome {
    }

    /** A file is invalid; the policy in force stays. {@code why} names the file and key, never data. */
    record Rejected(String keptVersion, String why) implements ReloadOutcome {
    }
}
