package dev.idgw.gateway.archive;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What a sealed segment holds, signed: the writer, the sequence range and count, the chain hashes at
 * both ends (so consecutive manifests chain to each other even after retention deleted the entries),
 * the time range, a SHA-256 of the data file, and the monthly counts the disclosures need.
 *
 * @param firstPrev the previous hash of the first entry (the last hash of the segment before)
 * @param dataDeleted true once retention deleted the entries; the manifest stays for its counts
 */
public record SegmentManifest(String writerId, long firstSeq, long lastSeq, long count, String firstPrev,
                              String lastHash, long firstTimeMillis, long lastTimeMillis, String dataSha256,
                              String keyId, List<MonthlyCount> counts, String signature, boolean dataDeleted) {
    public static final String FORMAT = "idgw-sharelog-segment/v1";

    public SegmentManifest {
        Objects.requireNonNull(writerId, "writerId");
        Objects.requireNonNull(firstPrev, "firstPrev");
        Objects.requireNonNull(lastHash, "lastHash");
        Objects.requireNonNull(dataSha256, "dataSha256");
        Objects.requireNonNull(keyId, "keyId");
        counts = List.copyOf(counts);
        if (firstSeq < 1 || lastSeq < firstSeq || count != lastSeq - firstSeq + 1) {
            throw new IllegalArgumentException("a segment holds seq " + firstSeq + ".." + lastSeq + " without gaps");
        }
    }

    /** The bytes signed: every field but the signature and the deletion flag, one per line. */
    public byte[] signedBytes() {
        StringBuilder s = new StringBuilder(FORMAT).append('\n')
                .append("writer ").append(writerId).append('\n')
                .append("seq ").append(firstSeq).append(' ').append(lastSeq).append('\n')
                .append("count ").append(count).append('\n')
                .append("prev ").append(firstPrev).append('\n')
                .append("head ").append(lastHash).append('\n')
                .append("time ").append(firstTimeMillis).append(' ').append(lastTimeMillis).append('\n')
                .append("data ").append(dataSha256).append('\n')
                .append("key ").append(keyId).append('\n');
        for (MonthlyCount c : counts) {
            s.append("count ").append(c.month()).append(' ').append(c.partnerId()).append(' ').append(c.role())
                    .append(' ').append(c.piCategory()).append(' ').append(c.jurisdiction()).append(' ')
                    .append(c.count()).append(' ').append(c.partnerCategory().replace('\n', ' ')).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    public SegmentManifest withSignature(String sig) {
        return new SegmentManifest(writerId, firstSeq, lastSeq, count, firstPrev, lastHash, firstTimeMillis,
                lastTimeMillis, dataSha256, keyId, counts, sig, dataDeleted);
    }

    public SegmentManifest withDataDeleted() {
        return new SegmentManifest(writerId, firstSeq, lastSeq, count, firstPrev, lastHash, firstTimeMillis,
                lastTimeMillis, dataSha256, keyId, counts, signature, true);
    }
}
