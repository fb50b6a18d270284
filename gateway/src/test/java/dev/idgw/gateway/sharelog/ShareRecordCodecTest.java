package dev.idgw.gateway.sharelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The canonical JSON is part of the ledger's meaning: every stored entry's hash is over these bytes, so
 * the writer may change but its output may not. Random records, odd strings included, come out as the
 * Jackson generator that wrote the first ledgers wrote them, hash included, and decode back to themselves.
 */
class ShareRecordCodecTest {
    private static final String[] ODD = {"", "a\"b", "back\\slash", "tab\tnew\nline", "\u0000\u001f\u007f",
        "caf\u00e9", "\u2028", "\ud83d\ude00", "US-CA", "rules-2026-11", "/", "</script>"};

    @Property(tries = 1000)
    void shouldWriteTheSameBytesAsTheGeneratorItReplaced(@ForAll("records") ShareRecord record,
                                                         @ForAll @LongRange(min = 1) long seq) {
        String prev = HexFormatHolder.hexOf(seq);
        String expected = GeneratorShareRecordEncoder.encode(record, seq, prev);

        assertThat(ShareRecordCodec.encode(record, seq, prev)).isEqualTo(expected);
        ChainedEntry entry = ShareRecordCodec.chain(record, seq, prev);
        assertThat(entry.json()).isEqualTo(expected);
        assertThat(entry.hash()).isEqualTo(EntryHash.of(expected));
        assertThat(entry.hash()).isEqualTo(EntryHash.of(expected.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8).length));
        ChainedEntry decoded = ShareRecordCodec.decode(entry.json());
        assertThat(decoded.hash()).isEqualTo(entry.hash());
        assertThat(ShareRecordCodec.encode(decoded.record(), decoded.seq(), decoded.prevHash())).isEqualTo(expected);
    }

    @Provide
    Arbitrary<ShareRecord> records() {
        return Arbitraries.randomValue(ShareRecordCodecTest::record);
    }

    private static ShareRecord record(Random r) {
        List<ShareEntry> partners = new ArrayList<>();
        int count = 1 + r.nextInt(5);
        for (int i = 0; i < count; i++) {
            EnumSet<Field> fields = EnumSet.noneOf(Field.class);
            for (Field f : Field.values()) {
                if (r.nextBoolean()) {
                    fields.add(f);
                }
            }
            if (fields.isEmpty()) {
                fields.add(Field.values()[r.nextInt(Field.values().length)]);
            }
            List<String> pi = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                pi.add(text(r));
            }
            partners.add(new ShareEntry(r.nextInt(4) == 0 ? text(r) : "partner-" + r.nextInt(20),
                    PartnerRole.values()[r.nextInt(PartnerRole.values().length)], text(r), fields, pi,
                    r.nextBoolean() ? "consent" : text(r)));
        }
        List<String> signals = new ArrayList<>();
        for (int k = r.nextInt(4); k > 0; k--) {
            signals.add(text(r));
        }
        return new ShareRecord(new UUID(r.nextLong(), r.nextLong()).toString(),
                Instant.ofEpochMilli(r.nextLong() >>> 20), text(r), text(r), text(r), text(r), text(r),
                r.nextLong(), text(r), partners, signals, r.nextBoolean() ? "" : text(r));
    }

    private static String text(Random r) {
        return r.nextInt(3) == 0 ? ODD[r.nextInt(ODD.length)] + ODD[r.nextInt(ODD.length)]
                : "v" + Long.toString(r.nextLong(), 36);
    }

    /** A 64-hex "previous hash" that varies with the sequence number. */
    private static final class HexFormatHolder {
        static String hexOf(long seq) {
            return String.format("%064x", seq & Long.MAX_VALUE);
        }
    }
}
