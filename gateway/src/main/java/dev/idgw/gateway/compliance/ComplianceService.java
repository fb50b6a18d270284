package dev.idgw.gateway.compliance;

import dev.idgw.gateway.archive.MonthlyCount;
import dev.idgw.gateway.archive.SegmentManifest;
import dev.idgw.gateway.sharelog.ChainVerifier;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.EntryHash;
import dev.idgw.gateway.sharelog.StoredEntry;
import dev.idgw.gateway.sharelog.VerificationFailure;
import dev.idgw.gateway.sharelog.VerificationReport;
import dev.idgw.keys.KeyRing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The answers compliance staff and auditors pull from the share log. Each writer's log is read as one
 * sequence: its archived segments (oldest first), then the hot window in Redis, in (writer, seq) order.
 * Reads go a page or a segment at a time; only verification of one writer's range holds it whole.
 */
public final class ComplianceService {
    private static final int PAGE = 500;
    private static final String MAX_SEQ = "18446744073709551615";
    /** Stream ids are taken when Redis appends, a little after the record's own time. */
    private static final long APPEND_SLACK_MILLIS = 60_000;

    private final ShareLogReader reader;
    private final Supplier<KeyRing> keys;

    public ComplianceService(ShareLogReader reader, Supplier<KeyRing> keys) {
        this.reader = reader;
        this.keys = keys;
    }

    /** A page of share-log entries and the cursor to continue from (null at the end). */
    record SharesPage(List<LogEntry> entries, LogPosition next) {
    }

    /** @param partner, state only records that reached this partner / were decided under this region (null: any) */
    Future<SharesPage> shares(TimeRange range, String partner, String state, LogPosition after, int limit,
                              Context context) {
        List<LogEntry> out = new ArrayList<>();
        Predicate<LogEntry> wanted = e -> e.decoded() != null && range.contains(e.decoded().record().time())
                && (partner == null || e.decoded().record().partners().stream().anyMatch(p -> p.partnerId().equals(partner)))
                && (state == null || state.equals(e.decoded().record().jurisdiction()));
        return reader.writers(context).compose(writers -> {
            List<String> todo = writers.stream().filter(w -> after == null || w.compareTo(after.writerId()) >= 0).toList();
            return scanWriters(todo, 0, after, range, context, entry -> {
                if (wanted.test(entry)) {
                    out.add(entry);
                }
                return out.size() < limit;
            });
        }).map(stoppedAt -> new SharesPage(out, stoppedAt));
    }

    /** The device IDs linked to an account, for its subject report (never answered to the caller). */
    Future<Set<String>> accountDevices(String accountId, Context context) {
        return reader.accountDevices(accountId, context);
    }

    Future<List<LogEntry>> subject(Set<String> pseudonyms, TimeRange range, Context context) {
        List<LogEntry> out = new ArrayList<>();
        return reader.writers(context)
                .compose(writers -> scanWriters(writers, 0, null, range, context, entry -> {
                    if (entry.decoded() != null && pseudonyms.contains(entry.decoded().record().subject())
                            && range.contains(entry.decoded().record().time())) {
                        out.add(entry);
                    }
                    return true;
                }))
                .map(done -> out);
    }

    /**
     * Exact counts from every entry still held; for segments whose entries retention already deleted,
     * the monthly counts their signed manifests keep (months overlapping the range).
     */
    /** @param state only disclosures decided under this region (null: every region, each counted per state) */
    Future<JsonObject> disclosures(TimeRange range, String state, Context context) {
        DisclosureTable table = new DisclosureTable(state);
        return reader.writers(context)
                .compose(writers -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (String w : writers) {
                        chain = chain.compose(v -> reader.segments(w)).map(segments -> {
                            for (SegmentManifest m : segments) {
                                if (m.dataDeleted() && overlaps(m, range)) {
                                    for (MonthlyCount c : m.counts()) {
                                        table.add(c);
                                    }
                                }
                            }
                            return null;
                        });
                    }
                    return chain.compose(v -> scanWriters(writers, 0, null, range, context, entry -> {
                        if (entry.decoded() != null && range.contains(entry.decoded().record().time())) {
                            table.add(entry.decoded().record());
                        }
                        return true;
                    }));
                })
                .map(done -> table.toJson(range.from(), range.open() ? null : range.to()));
    }

    /** The archive's sealed segments per writer (what each holds, whether retention deleted its data). */
    Future<JsonObject> archive(Context context) {
        JsonArray writersOut = new JsonArray();
        return reader.writers(context).compose(writers -> {
            Future<Void> chain = Future.succeededFuture();
            for (String w : writers) {
                chain = chain.compose(v -> reader.segments(w)).map(segments -> {
                    JsonArray list = new JsonArray();
                    for (SegmentManifest m : segments) {
                        list.add(new JsonObject().put("firstSeq", m.firstSeq()).put("lastSeq", m.lastSeq())
                                .put("entries", m.count()).put("firstTime", Instant.ofEpochMilli(m.firstTimeMillis()).toString())
                                .put("lastTime", Instant.ofEpochMilli(m.lastTimeMillis()).toString())
                                .put("signedWith", m.keyId()).put("dataDeleted", m.dataDeleted()));
                    }
                    writersOut.add(new JsonObject().put("writer", w).put("segments", list));
                    return null;
                });
            }
            return chain;
        }).map(v -> new JsonObject().put("writers", writersOut));
    }

    Future<JsonObject> verify(TimeRange range, Context context) {
        JsonArray results = new JsonArray();
        return reader.writers(context).compose(writers -> verifyEach(writers, 0, range, results, context))
                .map(done -> {
                    boolean ok = results.stream().allMatch(r -> ((JsonObject) r).getBoolean("ok"));
                    return new JsonObject().put("ok", ok).put("writers", results);
                });
    }

    Future<Map<String, List<Checkpoint>>> checkpoints(Context context) {
        Map<String, List<Checkpoint>> out = new TreeMap<>();
        return reader.writers(context).compose(writers -> {
            Future<Void> chain = Future.succeededFuture();
            for (String w : writers) {
                chain = chain.compose(v -> reader.checkpoints(w, context).map(list -> {
                    out.put(w, list);
                    return null;
                }));
            }
            return chain;
        }).map(done -> out);
    }

    private Future<Void> verifyEach(List<String> writers, int index, TimeRange range, JsonArray results, Context context) {
        if (index >= writers.size()) {
            return Future.succeededFuture();
        }
        String writer = writers.get(index);
        List<StoredEntry> entries = new ArrayList<>();
        KeyRing ring = keys.get();
        long[] deletedThrough = {0};
        return reader.segments(writer)
                .compose(segments -> verifySegments(writer, segments, ring).map(failure -> {
                    deletedThrough[0] = segments.stream().filter(SegmentManifest::dataDeleted)
                            .mapToLong(SegmentManifest::lastSeq).max().orElse(0);
                    if (failure.isPresent()) {
                        results.add(result(writer, new VerificationReport(0, 0, 0, failure)));
                        return false;
                    }
                    return true;
                }))
                .compose(segmentsOk -> !segmentsOk ? Future.succeededFuture() : scanWriters(List.of(writer), 0, null,
                        range, context, e -> {
                            if (e.decoded() == null || range.contains(e.decoded().record().time())) {
                                entries.add(e.stored());
                            }
                            return true;
                        }).compose(done -> reader.checkpoints(writer, context)).map(checkpoints -> {
                            // A checkpoint within data that retention deleted has nothing left to vouch for:
                            // the signed, chained manifests stand for those entries (checked above).
                            List<Checkpoint> relevant = checkpoints.stream().filter(c -> c.seq() > deletedThrough[0])
                                    .filter(c -> range.open() || range.contains(Instant.ofEpochMilli(c.timeMillis())))
                                    .toList();
                            results.add(result(writer, ChainVerifier.verify(writer, entries, relevant,
                                    ring::verificationKey, range.open())));
                            return null;
                        }))
                .compose(v -> verifyEach(writers, index + 1, range, results, context));
    }

    /**
     * Each manifest is signed by a known key, chains to the one before it, and (unless retention
     * deleted its data) matches its data file byte for byte.
     */
    private Future<Optional<VerificationFailure>> verifySegments(String writer, List<SegmentManifest> segments,
                                                                 KeyRing ring) {
        Future<Optional<VerificationFailure>> chain = Future.succeededFuture(Optional.empty());
        String previousHash = null;
        long previousSeq = 0;
        for (SegmentManifest m : segments) {
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(m.signature());
            } catch (IllegalArgumentException e) {
                sig = new byte[0];
            }
            if (!writer.equals(m.writerId()) || !ring.verify(m.keyId(), m.signedBytes(), sig)) {
                return Future.succeededFuture(Optional.of(new VerificationFailure(writer, m.firstSeq(),
                        VerificationFailure.Kind.BAD_CHECKPOINT_SIGNATURE, "segment manifest signature does not verify")));
            }
            boolean linked = previousHash == null
                    ? m.firstSeq() != 1 || EntryHash.GENESIS.equals(m.firstPrev())
                    : m.firstSeq() == previousSeq + 1 && m.firstPrev().equals(previousHash);
            if (!linked) {
                return Future.succeededFuture(Optional.of(new VerificationFailure(writer, m.firstSeq(),
                        previousHash != null && m.firstSeq() != previousSeq + 1 ? VerificationFailure.Kind.GAP
                                : VerificationFailure.Kind.BROKEN_LINK,
                        "segment does not continue the segment before it")));
            }
            previousHash = m.lastHash();
            previousSeq = m.lastSeq();
            if (!m.dataDeleted()) {
                chain = chain.compose(found -> found.isPresent() ? Future.succeededFuture(found)
                        : reader.segmentSha256(m).map(sha -> sha.equals(m.dataSha256()) ? Optional.<VerificationFailure>empty()
                        : Optional.of(new VerificationFailure(writer, m.firstSeq(), VerificationFailure.Kind.ALTERED,
                        "segment data file differs from its signed manifest"))));
            }
        }
        return chain;
    }

    private static JsonObject result(String writer, VerificationReport report) {
        JsonObject r = new JsonObject().put("writer", writer).put("ok", report.ok())
                .put("entries", report.entriesChecked()).put("checkpoints", report.checkpointsChecked())
                .put("replays", report.replays());
        report.firstFailure().ifPresent(f -> r.put("failure", new JsonObject().put("seq", f.seq())
                .put("kind", f.kind().name()).put("detail", f.detail()).put("explanation", FailureWords.of(f))));
        return r;
    }

    /**
     * Visits entries of {@code writers[index..]} in order, starting after {@code after} for its writer,
     * until the visitor returns false; completes with the position to resume from (null when done).
     */
    private Future<LogPosition> scanWriters(List<String> writers, int index, LogPosition after, TimeRange range,
                                            Context context, Predicate<LogEntry> visitor) {
        if (index >= writers.size()) {
            return Future.succeededFuture(null);
        }
        String writer = writers.get(index);
        LogPosition resume = after != null && after.writerId().equals(writer) ? after : null;
        long afterSeq = resume == null ? 0 : resume.seq();
        return reader.segments(writer)
                .compose(segments -> scanSegments(writer, segments, 0, afterSeq, range, visitor).compose(stopped -> {
                    if (stopped != null) {
                        return Future.succeededFuture(stopped);
                    }
                    long archivedUpTo = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).lastSeq();
                    String start = resume != null && !ShareLogReader.ARCHIVED.equals(resume.streamId()) ? resume.streamId()
                            : range.from().toEpochMilli() <= APPEND_SLACK_MILLIS ? "0-0"
                            : (range.from().toEpochMilli() - APPEND_SLACK_MILLIS) + "-" + MAX_SEQ;
                    return scanPages(writer, start, Math.max(afterSeq, archivedUpTo), range, context, visitor);
                }))
                .compose(stoppedAt -> stoppedAt != null ? Future.succeededFuture(stoppedAt)
                        : scanWriters(writers, index + 1, null, range, context, visitor));
    }

    private Future<LogPosition> scanSegments(String writer, List<SegmentManifest> segments, int index, long afterSeq,
                                             TimeRange range, Predicate<LogEntry> visitor) {
        if (index >= segments.size()) {
            return Future.succeededFuture(null);
        }
        SegmentManifest m = segments.get(index);
        if (m.dataDeleted() || m.lastSeq() <= afterSeq || !overlaps(m, range)) {
            return scanSegments(writer, segments, index + 1, afterSeq, range, visitor);
        }
        return reader.segmentEntries(m).compose(entries -> {
            for (LogEntry e : entries) {
                if (e.stored().seq() > afterSeq && !visitor.test(e)) {
                    return Future.succeededFuture(new LogPosition(writer, e.stored().seq(), ShareLogReader.ARCHIVED));
                }
            }
            return scanSegments(writer, segments, index + 1, afterSeq, range, visitor);
        });
    }

    private Future<LogPosition> scanPages(String writer, String afterId, long afterSeq, TimeRange range, Context context,
                                          Predicate<LogEntry> visitor) {
        return reader.page(writer, afterId, PAGE, context).compose(page -> {
            for (LogEntry e : page) {
                if (!range.open() && streamMillis(e.streamId()) > range.to().toEpochMilli() + APPEND_SLACK_MILLIS) {
                    return Future.succeededFuture(null);
                }
                if (e.stored().seq() > afterSeq && !visitor.test(e)) {
                    return Future.succeededFuture(new LogPosition(writer, e.stored().seq(), e.streamId()));
                }
            }
            return page.size() < PAGE ? Future.succeededFuture(null)
                    : scanPages(writer, page.get(page.size() - 1).streamId(), afterSeq, range, context, visitor);
        });
    }

    private static boolean overlaps(SegmentManifest m, TimeRange range) {
        // Months: a manifest's counts are per month, so a segment counts when its span touches the range.
        return m.lastTimeMillis() >= range.from().toEpochMilli() && m.firstTimeMillis() < range.to().toEpochMilli();
    }

    private static long streamMillis(String streamId) {
        return Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
    }
}
