package dev.idgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.support.GatewayHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The warm-up runs the consented path (records that share, appends to a chain) before the player port
 * opens, on throwaway keys under {@code <keyPrefix>:warmup:}; none of it may stay behind, and none of it
 * may reach the real ledger or the writers compliance reads.
 */
@Isolated // reads the JVM's log for warm-up lines: another gateway's warm-up would pass it
class WarmupLeavesNoTraceTest {
    @Test
    void shouldWarmTheConsentedPathWithoutLeavingAKeyOrALedgerEntry() throws Exception {
        Instant before = Instant.now();
        try (GatewayHarness gateway = GatewayHarness.builder().start()) {
            String prefix = gateway.config().redis().keyPrefix();
            ShareLogKeys ledger = new ShareLogKeys(prefix, gateway.config().writerId());

            List<String> leftovers = gateway.redis(c -> c.keys(prefix + ":warmup:*"));
            Long entries = gateway.redis(c -> c.xlen(ledger.stream()));
            List<String> writers = List.copyOf(gateway.redis(c -> c.smembers(ShareLogKeys.writers(prefix))));

            assertThat(leftovers).as("throwaway keys deleted before the port opened").isEmpty();
            assertThat(entries).as("the real chain holds nothing the warm-up did").isZero();
            assertThat(writers).doesNotContain("warmup");
            assertThat(gateway.redisDump()).doesNotContain("warmup");
        }
        assertThat(warmUpLinesSince(before)).as("the warm-up ran its consented part")
                .anyMatch(line -> line.contains("warmed up with") && !line.contains("without the consented path"));
    }

    /** The test JVM's JSON-lines log (logback-test.xml), lines from the warm-up written since {@code since}. */
    private static List<String> warmUpLinesSince(Instant since) throws IOException {
        Path dir = Path.of("target", "test-logs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException unreadable) {
                    return Stream.empty();
                }
            }).filter(line -> line.contains("dev.idgw.gateway.Warmup")).filter(line -> {
                int at = line.indexOf("\"ts\":\"");
                return at >= 0 && Instant.parse(line.substring(at + 6, line.indexOf('"', at + 6))).isAfter(since);
            }).toList();
        }
    }
}
