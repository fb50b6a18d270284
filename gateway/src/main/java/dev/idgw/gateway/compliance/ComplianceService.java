package dev.idgw.gateway.compliance;

import dev.idgw.gateway.sharelog.ChainVerifier;
import dev.idgw.gateway.sharelog.Checkpoint;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.StoredEntry;
import dev.idgw.gateway.sharelog.VerificationReport;
import dev.idgw.keys.KeyRing;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The answers compliance staff and auditors pull from the share log. Reads go page by page through
 * every writer's stream in (writer, seq) order; nothing here loads a whole log into memory except
 * verification of one writer's range, which needs it.
 */
final class ComplianceService {
    private static final int PAGE = 500;
    private static final String MAX_SEQ = "18446744073709551615";
    /** Stream ids are taken when Redis appends, a little after the record's own time. */
    private static final long APPEND_SLACK_MILLIS = 60_000;

    private final ShareLogReader reader;
    private final Supplier<KeyRing> keys;

    ComplianceService(ShareLogReader reader, Supplier<KeyRing> keys) {
        this.reader = reader;
        this.keys = keys;
    }

    /** A page of share-log entries and the cursor to continue from (null at the end). */
    record SharesPage(List<LogEntry> entries, LogPosition next) {
    }

    Future<SharesPage> shares(TimeRange range, String partner, LogPosition after, int limit, Context context) {
        List<LogEntry> out = new ArrayList<>();
        Predicate<LogEntry> wanted = e -> e.decoded() != null && range.contains(e.decoded().record().time())
                && (partner == null || e.decoded().record().partners().stream().anyMatch(p -> p.partnerId().equals(partner)));
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

    Future<JsonObject> disclosures(TimeRange range, Context context) {
        DisclosureTable table = new DisclosureTable();
        return reader.writers(context)
                .compose(writers -> scanWriters(writers, 0, null, range, context, entry -> {
                    if (entry.decoded() != null && range.contains(entry.decoded().record().time())) {
                        table.add(entry.decoded().record());
                    }
                    return true;
                }))
                .map(done -> table.toJson(range.from(), range.open() ? null : range.to()));
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
        return scanWriters(List.of(writer), 0, null, range, context, e -> {
            if (e.decoded() == null || range.contains(e.decoded().record().time())) {
                entries.add(e.stored());
            }
            return true;
        }).compose(done -> reader.checkpoints(writer, context)).map(checkpoints -> {
            List<Checkpoint> relevant = checkpoints.stream()
                    .filter(c -> range.open() || range.contains(java.time.Instant.ofEpochMilli(c.timeMillis()))).toList();
            KeyRing ring = keys.get();
            VerificationReport report = ChainVerifier.verify(writer, entries, relevant, ring::verificationKey,
                    range.open());
            JsonObject r = new JsonObject().put("writer", writer).put("ok", report.ok())
                    .put("entries", report.entriesChecked()).put("checkpoints", report.checkpointsChecked())
                    .put("replays", report.replays());
            report.firstFailure().ifPresent(f -> r.put("failure", new JsonObject().put("seq", f.seq())
                    .put("kind", f.kind().name()).put("detail", f.detail())));
            results.add(r);
            return null;
        }).compose(v -> verifyEach(writers, index + 1, range, results, context));
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
        String start = after != null && after.writerId().equals(writer) ? after.streamId()
                : range.from().toEpochMilli() <= APPEND_SLACK_MILLIS ? "0-0"
                : (range.from().toEpochMilli() - 1) + "-" + MAX_SEQ;
        return scanPages(writer, start, range, context, visitor).compose(stoppedAt -> stoppedAt != null
                ? Future.succeededFuture(stoppedAt)
                : scanWriters(writers, index + 1, null, range, context, visitor));
    }

    private Future<LogPosition> scanPages(String writer, String afterId, TimeRange range, Context context,
                                          Predicate<LogEntry> visitor) {
        return reader.page(writer, afterId, PAGE, context).compose(page -> {
            for (LogEntry e : page) {
                if (!range.open() && streamMillis(e.streamId()) > range.to().toEpochMilli() + APPEND_SLACK_MILLIS) {
                    return Future.succeededFuture(null);
                }
                if (!visitor.test(e)) {
                    return Future.succeededFuture(new LogPosition(writer, e.stored().seq(), e.streamId()));
                }
            }
            return page.size() < PAGE ? Future.succeededFuture(null)
                    : scanPages(writer, page.get(page.size() - 1).streamId(), range, context, visitor);
        });
    }

    private static long streamMillis(String streamId) {
        return Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
    }

    static List<String> partnerIds(List<ShareEntry> entries) {
        return entries.stream().map(ShareEntry::partnerId).toList();
    }
}
