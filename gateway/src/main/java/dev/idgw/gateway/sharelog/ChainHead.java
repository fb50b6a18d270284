package dev.idgw.gateway.sharelog;

/** The last entry of a writer's chain: its sequence number and hash ({@code 0} and genesis when empty). */
public record ChainHead(long seq, String hash) {
    public static final ChainHead EMPTY = new ChainHead(0, EntryHash.GENESIS);
}
