package dev.idgw.gateway.compliance;

import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.StoredEntry;

/** A share-log entry as read back: where it is stored, what was stored, and what it decodes to (null if it does not). */
record LogEntry(String streamId, StoredEntry stored, ChainedEntry decoded) {
}
