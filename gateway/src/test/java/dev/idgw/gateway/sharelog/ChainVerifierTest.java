package dev.idgw.gateway.sharelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.sharelog.VerificationFailure.Kind;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.SigningKey;
import dev.idgw.keys.VerificationKey;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every way of tampering with a writer's chain is found, with the right kind at the exact seq, and an
 * untampered chain always verifies. Chains are built exactly as {@link ShareLog} builds them.
 */
class ChainVerifierTest {

    @Test
    void shouldAcceptAValidChain() {
        Chain chain = Chain.of(5).checkpoint(3).checkpoint(5);

        VerificationReport report = chain.verify(chain.entries, true);

        assertThat(report.ok()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(5);
        assertThat(report.checkpointsChecked()).isEqualTo(2);
        assertThat(report.replays()).isZero();
    }

    @Test
    void shouldDetectADeletedEntry() {
        Chain chain = Chain.of(5);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        tampered.remove(2);

        assertFailure(chain.verify(tampered, true), Kind.GAP, 3);
    }

    @Test
    void shouldDetectAnAlteredField() {
        Chain chain = Chain.of(5);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        tampered.set(2, Chain.withJson(chain.entries.get(2), Chain.reencoded(chain, 3, "US-TX")));

        assertFailure(chain.verify(tampered, true), Kind.ALTERED, 3);
    }

    @Test
    void shouldDetectAnAlteredFieldWhoseHashWasRecomputed() {
        Chain chain = Chain.of(5);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        tampered.set(2, Chain.rehashed(chain.entries.get(2), Chain.reencoded(chain, 3, "US-TX")));

        assertFailure(chain.verify(tampered, true), Kind.BROKEN_LINK, 4);
    }

    @Test
    void shouldDetectARewrittenTailThroughAnEarlierCheckpoint() {
        Chain chain = Chain.of(6).checkpoint(4);
        Chain rewritten = Chain.of(2);
        rewritten.append(3, "US-TX").append(4, "US-TX").append(5, "US-TX").append(6, "US-TX");

        assertFailure(chain.verify(rewritten.entries, true), Kind.CHECKPOINT_MISMATCH, 4);
    }

    @Test
    void shouldDetectTwoSwappedEntries() {
        Chain chain = Chain.of(5);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        Collections.swap(tampered, 2, 3);

        VerificationReport report = chain.verify(tampered, true);

        assertFailure(report, Kind.OUT_OF_ORDER, 4);
        assertThat(report.firstFailure().orElseThrow().detail()).contains("3");
    }

    @Test
    void shouldDetectAnOldEntryReplayedAtTheEnd() {
        Chain chain = Chain.of(5);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        tampered.add(chain.entries.get(1));

        assertFailure(chain.verify(tampered, true), Kind.OUT_OF_ORDER, 2);
    }

    @Test
    void shouldTolerateAnExactDuplicateOfTheLastEntryAsAReplay() {
        Chain chain = Chain.of(5).checkpoint(5);
        List<StoredEntry> replayed = new ArrayList<>(chain.entries);
        replayed.add(chain.entries.get(4));

        VerificationReport report = chain.verify(replayed, true);

        assertThat(report.ok()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(5);
        assertThat(report.replays()).isEqualTo(1);
    }

    @Test
    void shouldDetectACheckpointForgedWithAnotherKey() {
        SigningKey forger = new SigningKey(Chain.KEY.id(), Chain.KEY.purpose(), Chain.newKey().privateKey());
        Chain chain = Chain.of(5).checkpoint(2);
        chain.checkpoints.add(Chain.sign(forger, chain.writer, 5, chain.entries.get(4).hash()));

        VerificationReport report = chain.verify(chain.entries, true);

        assertFailure(report, Kind.BAD_CHECKPOINT_SIGNATURE, 5);
        assertThat(report.firstFailure().orElseThrow().detail()).isEqualTo("signature does not verify");
    }

    @Test
    void shouldRejectACheckpointSignedWithAnUnknownKey() {
        Chain chain = Chain.of(3);
        chain.checkpoints.add(Chain.sign(Chain.newKey(), chain.writer, 3, chain.entries.get(2).hash()));

        assertFailure(chain.verify(chain.entries, true), Kind.BAD_CHECKPOINT_SIGNATURE, 3);
    }

    @Test
    void shouldDetectATruncatedTailThatACheckpointVouchesFor() {
        Chain chain = Chain.of(10).checkpoint(10);
        List<StoredEntry> truncated = chain.entries.subList(0, 8);

        assertFailure(chain.verify(truncated, true), Kind.TRUNCATED, 9);
        assertThat(chain.verify(truncated, false).ok()).as("a range export need not reach the end").isTrue();
    }

    @Test
    void shouldDetectAFirstEntryThatDoesNotStartFromGenesis() {
        Chain chain = new Chain("w1", "f".repeat(64)).append(3);

        assertFailure(chain.verify(chain.entries, true), Kind.BROKEN_LINK, 1);
    }

    @Test
    void shouldRejectNonCanonicalJson() {
        Chain chain = Chain.of(3);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        tampered.set(1, Chain.rehashed(chain.entries.get(1), chain.entries.get(1).json().replace(",", ", ")));

        assertFailure(chain.verify(tampered, true), Kind.MALFORMED, 2);
    }

    @Test
    void shouldRejectAnEntryThatIsNotAShareRecord() {
        Chain chain = Chain.of(3);
        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        tampered.set(1, Chain.rehashed(chain.entries.get(1), "{\"v\":1,\"seq\":2}"));

        assertFailure(chain.verify(tampered, true), Kind.MALFORMED, 2);
    }

    @Test
    void shouldAcceptARangeStartingMidChainAnchoredByACheckpoint() {
        Chain chain = Chain.of(10).checkpoint(4).checkpoint(10);
        List<StoredEntry> range = chain.entries.subList(4, 10);

        VerificationReport report = chain.verify(range, true);

        assertThat(report.ok()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(6);
    }

    @Test
    void shouldDetectARangeThatDoesNotExtendItsAnchorCheckpoint() {
        Chain chain = Chain.of(10).checkpoint(4);
        Chain other = Chain.of(3).append(4, "US-TX").append(2);

        assertFailure(chain.verify(other.entries.subList(4, 6), false), Kind.CHECKPOINT_MISMATCH, 5);
    }

    @Test
    void shouldReportAForgedAnchorAsABadSignatureNotARewrite() {
        Chain chain = Chain.of(6);
        chain.checkpoints.add(Chain.sign(Chain.newKey(), chain.writer, 2, "a".repeat(64)));

        assertFailure(chain.verify(chain.entries.subList(2, 6), false), Kind.BAD_CHECKPOINT_SIGNATURE, 2);
    }

    @Test
    void shouldRejectACheckpointOfAnotherWriter() {
        Chain chain = Chain.of(3);
        chain.checkpoints.add(Chain.sign(Chain.KEY, "w2", 3, chain.entries.get(2).hash()));

        assertFailure(chain.verify(chain.entries, true), Kind.BAD_CHECKPOINT_SIGNATURE, 3);
    }

    /** Mutations an attacker with write access to the log (but not to the auditor's checkpoints) can make. */
    enum Mutation { DROP, ALTER_ONE_CHARACTER, SWAP, DUPLICATE_ELSEWHERE, FORK }

    /**
     * The chain ends with a checkpoint, as an export taken after one does. Dropping the first entry is
     * left out on purpose: an export may start mid-chain (a trimmed stream, a time range), so a missing
     * head is indistinguishable from a later start unless a checkpoint sits exactly before it.
     */
    @Property(tries = 300)
    void shouldFailOnAnySingleMutationAndNeverOnTheOriginal(@ForAll @IntRange(min = 2, max = 25) int length,
                                                           @ForAll @IntRange(min = 1, max = 6) int checkpointEvery,
                                                           @ForAll Mutation mutation,
                                                           @ForAll @IntRange(min = 0, max = 10_000) int a,
                                                           @ForAll @IntRange(min = 0, max = 10_000) int b) {
        Chain chain = Chain.of(length);
        for (int seq = checkpointEvery; seq < length; seq += checkpointEvery) {
            chain.checkpoint(seq);
        }
        chain.checkpoint(length);
        assertThat(chain.verify(chain.entries, true).ok()).isTrue();

        List<StoredEntry> tampered = new ArrayList<>(chain.entries);
        int i = a % length;
        switch (mutation) {
            case DROP -> tampered.remove(1 + a % (length - 1));
            case ALTER_ONE_CHARACTER -> {
                String json = tampered.get(i).json();
                int at = b % json.length();
                char replacement = json.charAt(at) == '7' ? '8' : '7';
                tampered.set(i, Chain.withJson(tampered.get(i), json.substring(0, at) + replacement + json.substring(at + 1)));
            }
            case SWAP -> Collections.swap(tampered, i, (i + 1 + b % (length - 1)) % length);
            case DUPLICATE_ELSEWHERE -> {
                // Right before or right after the original it is a tolerated replay; anywhere else it is not.
                int at = (i + 2 + b % (length - 1)) % (length + 1);
                tampered.add(at, chain.entries.get(i));
            }
            case FORK -> {
                StoredEntry original = chain.entries.get(i);
                tampered.add(i + 1, Chain.rehashed(original, Chain.reencoded(chain, i + 1, "FORK-" + b)));
            }
            default -> throw new AssertionError(mutation);
        }

        assertThat(chain.verify(tampered, true).ok()).as("%s of %s", mutation, tampered).isFalse();
    }

    private static void assertFailure(VerificationReport report, Kind kind, long seq) {
        assertThat(report.firstFailure()).as("failure").isPresent();
        VerificationFailure failure = report.firstFailure().orElseThrow();
        assertThat(failure.kind()).as("kind of %s", failure).isEqualTo(kind);
        assertThat(failure.seq()).as("seq of %s", failure).isEqualTo(seq);
    }

    /**
     * A writer's chain built the way {@link ShareLog#append} builds it, with checkpoints signed by a key
     * from a temporary key directory. Entry n's record differs from the others in its subject.
     */
    static final class Chain {
        static final SigningKey KEY = newKey();
        static final long BASE_MILLIS = 1_767_225_600_000L;

        final String writer;
        final List<StoredEntry> entries = new ArrayList<>();
        final List<Checkpoint> checkpoints = new ArrayList<>();
        private String head;

        Chain(String writer, String genesis) {
            this.writer = writer;
            this.head = genesis;
        }

        static Chain of(int length) {
            return of("w1", length);
        }

        static Chain of(String writer, int length) {
            return new Chain(writer, EntryHash.GENESIS).append(length);
        }

        Chain append(int count) {
            for (int i = 0; i < count; i++) {
                append(record(writer, entries.size() + 1, "US-CA"));
            }
            return this;
        }

        /** Appends entry {@code seq} (the next one) with a given jurisdiction. */
        Chain append(long seq, String jurisdiction) {
            assertThat(seq).isEqualTo(entries.size() + 1);
            return append(record(writer, seq, jurisdiction));
        }

        Chain append(ShareRecord record) {
            long seq = entries.size() + 1;
            String json = ShareRecordCodec.encode(record, seq, head);
            head = EntryHash.of(json);
            entries.add(new StoredEntry(writer, seq, head, json));
            return this;
        }

        /** A checkpoint of this chain at {@code seq}, signed with {@link #KEY}. */
        Chain checkpoint(long seq) {
            checkpoints.add(sign(KEY, writer, seq, entries.get((int) seq - 1).hash()));
            return this;
        }

        VerificationReport verify(List<StoredEntry> candidate, boolean toEnd) {
            return ChainVerifier.verify(writer, candidate, checkpoints, Chain::key, toEnd);
        }

        static Optional<VerificationKey> key(String id) {
            return id.equals(KEY.id()) ? Optional.of(KEY.verificationKey()) : Optional.empty();
        }

        static ShareRecord record(String writer, long n, String jurisdiction) {
            return new ShareRecord("uid-" + writer + "-" + n, Instant.ofEpochMilli(BASE_MILLIS + n * 1000),
                    "req-" + n, writer, "subject-" + n, "20260101T000000-abcdef", jurisdiction, 3, "2026-11-01",
                    List.of(new ShareEntry("brightline", PartnerRole.THIRD_PARTY, "ssp", Set.of(Field.DEVICE_ID, Field.IP),
                            List.of("identifiers"), "opt_out_not_exercised")));
        }

        /** Entry {@code seq}'s canonical JSON with another jurisdiction, at the same place in the chain. */
        static String reencoded(Chain chain, long seq, String jurisdiction) {
            StoredEntry original = chain.entries.get((int) seq - 1);
            return ShareRecordCodec.encode(record(chain.writer, seq, jurisdiction), seq,
                    ShareRecordCodec.decode(original.json()).prevHash());
        }

        /** The entry with other JSON and its old hash (what an edit of the stored JSON alone gives). */
        static StoredEntry withJson(StoredEntry e, String json) {
            return new StoredEntry(e.writerId(), e.seq(), e.hash(), json);
        }

        /** The entry with other JSON and a hash recomputed to match it. */
        static StoredEntry rehashed(StoredEntry e, String json) {
            return new StoredEntry(e.writerId(), e.seq(), EntryHash.of(json), json);
        }

        static Checkpoint sign(SigningKey key, String writer, long seq, String head) {
            long time = BASE_MILLIS + seq * 1000 + 500;
            byte[] signature = key.sign(Checkpoint.signedText(writer, seq, head, time, key.id())
                    .getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(writer, seq, head, time, key.id(), Base64.getEncoder().encodeToString(signature));
        }

        /** A fresh signing key in its own temporary key directory, removed when the JVM exits. */
        static SigningKey newKey() {
            try {
                Path dir = Files.createTempDirectory("chain-keys");
                dir.toFile().deleteOnExit();
                SigningKey key = KeyDirectory.at(dir).createSigningKey(KeyDirectory.DEFAULT_SIGNING_PURPOSE);
                try (var files = Files.list(dir)) {
                    files.map(Path::toFile).forEach(File::deleteOnExit);
                }
                return key;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
