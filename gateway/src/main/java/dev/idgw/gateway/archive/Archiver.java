package dev.idgw.gateway.archive;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.sharelog.ChainHead;
import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.CheckpointSigner;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.ShareRecordCodec;
import dev.idgw.gateway.sharelog.StoredEntry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals this writer's entries older than the hot window into signed segments, then trims them from
 * Redis; deletes segments' entries past retention. Runs on its own thread (file I/O, signing, Redis
 * reads that wait), never on an event loop.
 *
 * <p>Crash safety: the order is data file, manifest (the commit point), then trim. A crash before the
 * manifest leaves an uncommitted file that the next run deletes and writes again; a crash after it
 * leaves entries in Redis that the next run sees are already archived (by sequence number) and only
 * trims. Nothing is lost and nothing is archived twice.
 */
public final class Archiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final int PAGE = 1000;
    private static final int MAX_SEGMENTS_PER_RUN = 100;
    private static final long REDIS_WAIT_SECONDS = 10;

    private final RedisLink link;
    private final ShareLogKeys keys;
    private final SegmentStore archive;
    private final ArchiveSettings settings;
    private final Supplier<CheckpointSigner> signer;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /** What one run did. */
    public record Run(int segmentsSealed, long entriesArchived, long entriesTrimmed, int segmentsExpired) {
    }

    public Archiver(RedisLink link, ShareLogKeys keys, SegmentStore archive, ArchiveSettings settings,
                    Supplier<CheckpointSigner> signer, Clock clock) {
        this.link = link;
        this.keys = keys;
        this.archive = archive;
        this.settings = settings;
        this.signer = signer;
        this.clock = clock;
    }

    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "archiver-" + keys.writerId());
            t.setDaemon(true);
            return t;
        });
        long every = settings.runEvery().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (Exception e) {
                LOG.warn("archiver run for writer {} failed ({}: {}); will retry", keys.writerId(),
                        e.getClass().getSimpleName(), e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: seal what is due, trim what is sealed, expire what is past retention. */
    public synchronized Run runOnce() throws IOException, InterruptedException {
        archive.removeUncommitted(keys.writerId());
        int sealed = 0;
        long archived = 0;
        long trimmed = 0;
        for (int i = 0; i < MAX_SEGMENTS_PER_RUN; i++) {
            List<SegmentManifest> manifests = archive.manifests(keys.writerId());
            ChainHead archivedHead = manifests.isEmpty() ? ChainHead.EMPTY
                    : new ChainHead(manifests.get(manifests.size() - 1).lastSeq(),
                    manifests.get(manifests.size() - 1).lastHash());
            Batch batch = collect(archivedHead);
            if (!batch.entries.isEmpty()) {
                seal(batch, archivedHead);
                sealed++;
                archived += batch.entries.size();
            }
            if (batch.trimBelow != null) {
                trimmed += await(link.commands().orElseThrow(() -> new IOException("redis not connected"))
                        .xtrim(keys.stream(), XTrimArgs.Builder.minId(batch.trimBelow).exactTrimming()));
            }
            if (batch.entries.size() < settings.segmentMaxEntries()) {
                break;
            }
        }
        int expired = expire();
        if (sealed > 0 || trimmed > 0 || expired > 0) {
            LOG.info("archiver {}: sealed {} segment(s), {} entries; trimmed {} from redis; expired {} segment(s)",
                    keys.writerId(), sealed, archived, trimmed, expired);
        }
        return new Run(sealed, archived, trimmed, expired);
    }

    private record Batch(List<ChainedEntry> entries, List<StoredEntry> stored, String trimBelow) {
    }

    /** Entries after the archived head and older than the hot window, up to one segment; and where to trim. */
    private Batch collect(ChainHead archivedHead) throws IOException, InterruptedException {
        long cutoff = clock.millis() - settings.hotWindow().toMillis();
        List<ChainedEntry> entries = new ArrayList<>();
        List<StoredEntry> stored = new ArrayList<>();
        String lastArchivedId = null;
        String after = "-";
        var commands = link.commands().orElseThrow(() -> new IOException("redis not connected"));
        page:
        while (entries.size() < settings.segmentMaxEntries()) {
            Range<String> range = Range.create("-".equals(after) ? "-" : "(" + after, "+");
            List<StreamMessage<String, String>> page = await(commands.xrange(keys.stream(), range, Limit.from(PAGE)));
            for (StreamMessage<String, String> m : page) {
                after = m.getId();
                long seq = Long.parseLong(m.getBody().getOrDefault(ShareLog.SEQ_FIELD, "0"));
                if (seq <= archivedHead.seq()) {
                    lastArchivedId = m.getId(); // sealed by an earlier run that stopped before trimming
                    continue;
                }
                if (streamMillis(m.getId()) >= cutoff || entries.size() >= settings.segmentMaxEntries()) {
                    break page;
                }
                String json = m.getBody().get(ShareLog.ENTRY_FIELD);
                ChainedEntry e = ShareRecordCodec.decode(json);
                ChainHead expected = entries.isEmpty() ? archivedHead
                        : new ChainHead(entries.get(entries.size() - 1).seq(), entries.get(entries.size() - 1).hash());
                if (e.seq() != expected.seq() + 1 || !e.prevHash().equals(expected.hash())
                        || !e.hash().equals(m.getBody().get(ShareLog.HASH_FIELD))) {
                    // Never seal or trim what does not chain: leave it in Redis for verification to report.
                    LOG.error("archiver {}: entry at seq {} does not extend seq {}; not archiving past it",
                            keys.writerId(), e.seq(), expected.seq());
                    break page;
                }
                entries.add(e);
                stored.add(new StoredEntry(keys.writerId(), seq, m.getBody().get(ShareLog.HASH_FIELD), json));
                lastArchivedId = m.getId();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return new Batch(entries, stored, lastArchivedId == null ? null : nextId(lastArchivedId));
    }

    private void seal(Batch batch, ChainHead archivedHead) throws IOException {
        ChainedEntry first = batch.entries.get(0);
        ChainedEntry last = batch.entries.get(batch.entries.size() - 1);
        String dataSha = archive.writeData(keys.writerId(), first.seq(), last.seq(), batch.stored);
        CheckpointSigner s = signer.get();
        SegmentManifest unsigned = new SegmentManifest(keys.writerId(), first.seq(), last.seq(), batch.entries.size(),
                archivedHead.hash(), last.hash(), first.record().time().toEpochMilli(),
                last.record().time().toEpochMilli(), dataSha, s.keyId(), counts(batch.entries), "", false);
        archive.writeManifest(unsigned.withSignature(Base64.getEncoder().encodeToString(s.sign(unsigned.signedBytes()))));
    }

    static List<MonthlyCount> counts(List<ChainedEntry> entries) {
        Map<String, long[]> cells = new TreeMap<>();
        Map<String, MonthlyCount> keysOf = new TreeMap<>();
        for (ChainedEntry e : entries) {
            String month = MONTH.format(e.record().time());
            for (ShareEntry p : e.record().partners()) {
                for (String pi : p.piCategories()) {
                    String key = String.join("\u0000", month, p.partnerId(), p.role().configName(), pi,
                            e.record().jurisdiction(), p.partnerCategory());
                    cells.computeIfAbsent(key, k -> new long[1])[0]++;
                    keysOf.putIfAbsent(key, new MonthlyCount(month, p.partnerId(), p.role().configName(),
                            p.partnerCategory(), pi, e.record().jurisdiction(), 0));
                }
            }
        }
        List<MonthlyCount> out = new ArrayList<>();
        keysOf.forEach((k, c) -> out.add(new MonthlyCount(c.month(), c.partnerId(), c.role(), c.partnerCategory(),
                c.piCategory(), c.jurisdiction(), cells.get(k)[0])));
        return out;
    }

    private int expire() throws IOException {
        Instant now = clock.instant();
        int expired = 0;
        for (SegmentManifest m : archive.manifests(keys.writerId())) {
            Instant newest = Instant.ofEpochMilli(m.lastTimeMillis());
            if (newest.plus(settings.aggregateRetention()).isBefore(now)) {
                archive.deleteManifest(m);
                expired++;
            } else if (!m.dataDeleted() && newest.plus(settings.rawRetention()).isBefore(now)) {
                archive.deleteData(m);
                expired++;
            }
        }
        return expired;
    }

    private static long streamMillis(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    /** The smallest stream id greater than {@code id}, as XTRIM MINID wants it (it keeps ids >= the bound). */
    static String nextId(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws IOException, InterruptedException {
        try {
            return stage.toCompletableFuture().get(REDIS_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("redis: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

}
