package dev.idgw.gateway.sharelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.compliance.ShareExport;
import dev.idgw.gateway.sharelog.ChainVerifierTest.Chain;
import dev.idgw.keys.PublicKeys;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify command over files written exactly as the compliance API writes them: an untampered
 * export verifies, and each edit an attacker could make to the files is named by writer and seq, or
 * by file and line when a line cannot be read at all.
 */
class OfflineVerifierTest {
    @TempDir
    Path dir;

    @Test
    void shouldVerifyAnUntamperedExport() {
        Chain chain = Chain.of(5).checkpoint(3).checkpoint(5);

        Result result = verify(exportOf(chain), checkpointsOf(chain), jwks());

        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).contains("writer w1: OK, 5 entries, 2 checkpoints, 0 replays",
                "OK: 1 writers verified");
    }

    @Test
    void shouldVerifyTwoWritersInterleavedInOneFile() {
        Chain first = Chain.of("w1", 4).checkpoint(4);
        Chain second = Chain.of("w2", 3).checkpoint(2);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add(exportOf(first).get(i));
            if (i < 3) {
                lines.add(exportOf(second).get(i));
            }
        }
        List<String> checkpoints = Stream.concat(checkpointsOf(second).stream(), checkpointsOf(first).stream()).toList();

        Result result = verify(lines, checkpoints, jwks());

        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).contains("writer w1: OK, 4 entries, 1 checkpoints", "writer w2: OK, 3 entries, 1 checkpoints",
                "OK: 2 writers verified");
    }

    @Test
    void shouldVerifyEntriesWithNonAsciiText() {
        Chain chain = Chain.of(1).append(2, "Zürich 中国 \uD83D\uDE00").append(3, "lone \uD800 surrogate").append(1)
                .checkpoint(4);

        Result result = verify(exportOf(chain), checkpointsOf(chain), jwks());

        assertThat(result.code()).as(result.out()).isZero();
        assertThat(result.out()).contains("writer w1: OK, 4 entries, 1 checkpoints");
    }

    @Test
    void shouldDetectACharacterEditedInsideAnEntryLine() {
        Chain chain = Chain.of(5).checkpoint(5);
        List<String> lines = new ArrayList<>(exportOf(chain));
        lines.set(2, lines.get(2).replace("\"subj\":\"subject-3\"", "\"subj\":\"subject-8\""));

        Result result = verify(lines, checkpointsOf(chain), jwks());

        assertThat(result.code()).isOne();
        assertThat(result.out()).contains("writer w1: FAILED at seq 3: ALTERED", "FAILED: 1 of 1 writers failed");
    }

    @Test
    void shouldDetectADeletedLine() {
        Chain chain = Chain.of(5).checkpoint(5);
        List<String> lines = new ArrayList<>(exportOf(chain));
        lines.remove(2);

        assertThat(verify(lines, checkpointsOf(chain), jwks()).out()).contains("writer w1: FAILED at seq 3: GAP");
    }

    @Test
    void shouldDetectSwappedLines() {
        Chain chain = Chain.of(5).checkpoint(5);
        List<String> lines = new ArrayList<>(exportOf(chain));
        Collections.swap(lines, 1, 3);

        Result result = verify(lines, checkpointsOf(chain), jwks());

        assertThat(result.code()).isOne();
        assertThat(result.out()).contains("writer w1: FAILED at seq 4: OUT_OF_ORDER");
    }

    @Test
    void shouldDetectATruncatedExportUnlessItIsPartial() {
        Chain chain = Chain.of(6).checkpoint(6);
        List<String> truncated = exportOf(chain).subList(0, 4);

        Result full = verify(truncated, checkpointsOf(chain), jwks());
        Result partial = verify(truncated, checkpointsOf(chain), jwks(), "--partial");

        assertThat(full.code()).isOne();
        assertThat(full.out()).contains("writer w1: FAILED at seq 5: TRUNCATED");
        assertThat(partial.code()).as(partial.out()).isZero();
        assertThat(partial.out()).contains("(partial export)");
    }

    @Test
    void shouldRejectCheckpointsWhenTheKeysFileHoldsAnotherKey() {
        Chain chain = Chain.of(4).checkpoint(3);
        String otherKeys = PublicKeys.toJwks(List.of(Chain.newKey().verificationKey()));

        Result result = verify(exportOf(chain), checkpointsOf(chain), otherKeys);

        assertThat(result.code()).isOne();
        assertThat(result.out()).contains("writer w1: FAILED at seq 3: BAD_CHECKPOINT_SIGNATURE: signed with unknown key");
    }

    @Test
    void shouldAcceptPemKeys() {
        Chain chain = Chain.of(4).checkpoint(4);
        String pem = PublicKeys.toPem(List.of(Chain.KEY.verificationKey()));

        Result result = verify(exportOf(chain), checkpointsOf(chain), pem, "--keys-format", "pem");
        Result guessed = verify(exportOf(chain), checkpointsOf(chain), pem);

        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(guessed.code()).as(guessed.out() + guessed.err()).isZero();
    }

    @Test
    void shouldNameFileAndLineOfALineThatIsNotJson() {
        Chain chain = Chain.of(3);
        List<String> lines = new ArrayList<>(exportOf(chain));
        lines.set(1, "{\"v\":1,\"uid\":");

        Result result = verify(lines, checkpointsOf(chain), jwks());

        assertThat(result.code()).isOne();
        assertThat(result.out()).contains("FAILED at " + dir.resolve("shares.ndjson") + ":2: not JSON");
    }

    @Test
    void shouldNameFileAndLineOfLinesLackingFields() {
        Chain chain = Chain.of(3).checkpoint(3);
        List<String> lines = new ArrayList<>(exportOf(chain));
        lines.set(2, lines.get(2).replaceAll(",\"h\":\"[0-9a-f]+\"", ""));
        List<String> checkpoints = List.of(checkpointsOf(chain).get(0).replace("\"sig\"", "\"signature\""));

        Result result = verify(lines, checkpoints, jwks());

        assertThat(result.code()).isOne();
        assertThat(result.out()).contains(dir.resolve("shares.ndjson") + ":3: lacks \"h\"",
                dir.resolve("checkpoints.ndjson") + ":1: lacks \"sig\"");
    }

    @Test
    void shouldRejectAnEntryLineWithARepeatedField() {
        Chain chain = Chain.of(2);
        List<String> lines = new ArrayList<>(exportOf(chain));
        lines.set(1, lines.get(1).replace("{\"v\":1,", "{\"v\":1,\"subj\":\"someone-else\","));

        Result result = verify(lines, checkpointsOf(chain), jwks());

        assertThat(result.code()).isOne();
        assertThat(result.out()).contains(dir.resolve("shares.ndjson") + ":2: not JSON (Duplicate field 'subj')");
    }

    @Test
    void shouldSayThatOnlyChainsAreCheckedWithoutCheckpoints() {
        Chain chain = Chain.of(3);
        write("shares.ndjson", exportOf(chain));

        Result result = run("--entries", dir.resolve("shares.ndjson").toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("note: no --checkpoints given", "writer w1: OK, 3 entries, 0 checkpoints");
    }

    @Test
    void shouldFailOnAMissingInputFile() {
        Result result = run("--entries", dir.resolve("absent.ndjson").toString());

        assertThat(result.code()).isOne();
        assertThat(result.err()).contains("cannot read " + dir.resolve("absent.ndjson") + ": no such file");
    }

    @Test
    void shouldFailOnAnEmptyExport() {
        write("shares.ndjson", List.of());

        assertThat(run("--entries", dir.resolve("shares.ndjson").toString()).code()).isOne();
    }

    @Test
    void shouldReturnTwoOnUsageErrors() {
        String entries = dir.resolve("shares.ndjson").toString();
        write("shares.ndjson", exportOf(Chain.of(1)));

        assertThat(run().code()).isEqualTo(2);
        assertThat(run("--entries").code()).isEqualTo(2);
        assertThat(run("--entries", entries, "--checkpoints", entries).code()).isEqualTo(2);
        assertThat(run("--entries", entries, "--keys", entries, "--keys-format", "der").code()).isEqualTo(2);
        Result unknown = run("--entries", entries, "--strict");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown argument --strict", "usage:");
    }

    // ---- files as the compliance API writes them ----

    private static List<String> exportOf(Chain chain) {
        return chain.entries.stream().map(e -> ShareExport.ndjsonLine(e.json(), e.hash()).stripTrailing()).toList();
    }

    private static List<String> checkpointsOf(Chain chain) {
        return chain.checkpoints.stream()
                .map(c -> new JsonObject(new LinkedHashMap<String, Object>(CheckpointCodec.fields(c))).encode())
                .collect(Collectors.toList());
    }

    private static String jwks() {
        return PublicKeys.toJwks(List.of(Chain.KEY.verificationKey()));
    }

    private Result verify(List<String> entries, List<String> checkpoints, String keys, String... more) {
        write("shares.ndjson", entries);
        write("checkpoints.ndjson", checkpoints);
        try {
            Files.writeString(dir.resolve("keys"), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--entries", dir.resolve("shares.ndjson").toString(),
                "--checkpoints", dir.resolve("checkpoints.ndjson").toString(), "--keys", dir.resolve("keys").toString()));
        args.addAll(Arrays.asList(more));
        return run(args.toArray(String[]::new));
    }

    private void write(String name, List<String> lines) {
        try {
            Files.writeString(dir.resolve(name), lines.stream().map(l -> l + "\n").collect(Collectors.joining()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OfflineVerifier.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
