package dev.idgw.gateway.sharelog;

/** An entry as storage or an export holds it: the claimed sequence number and hash, and the JSON. */
public record StoredEntry(String writerId, long seq, String hash, String json) {
}
