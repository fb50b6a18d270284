package dev.idgw.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysMainTest {
    private static final String ID = "\\d{8}T\\d{6}-[0-9a-f]{6}";

    @TempDir Path tmp;

    private record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    private Path dir() {
        return tmp.resolve("keys");
    }

    private Result run(String... args) {
        return run(Clock.systemUTC(), args);
    }

    private Result run(Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KeysMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldCreateBothKeysOnInitAndReportThemAsExistingTheSecondTime() throws IOException {
        Result first = run("init", "--dir", dir().toString());
        assertThat(first.exit()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.lines()).hasSize(2);
        assertThat(first.lines().get(0)).matches("ed25519 sharelog " + ID + " created");
        assertThat(first.lines().get(1)).matches("hmac pseudonym " + ID + " created");

        Result second = run("init", "--dir", dir().toString());
        assertThat(second.exit()).isZero();
        assertThat(second.out()).isEqualTo(first.out().replace("created", "exists"));
        assertThat(KeyDirectory.at(dir()).verificationKeys("sharelog")).hasSize(1);
    }

    @Test
    void shouldRotateTheSigningKeyByDefaultAndAnHmacKeyWithTheFlag() throws IOException {
        run(TestClocks.at("2026-01-01T00:00:00Z"), "init", "--dir", dir().toString());
        Clock later = TestClocks.at("2026-02-01T00:00:00Z");

        Result signing = run(later, "rotate", "--dir", dir().toString());
        assertThat(signing.exit()).isZero();
        assertThat(signing.out()).matches("ed25519 sharelog 20260201T000000-[0-9a-f]{6} created\n");
        assertThat(KeyDirectory.at(dir()).activeSigningKey("sharelog").orElseThrow().id())
                .isEqualTo(signing.out().split(" ")[2]);

        Result hmac = run(later, "rotate", "--dir", dir().toString(), "--hmac");
        assertThat(hmac.out()).matches("hmac pseudonym 20260201T000000-[0-9a-f]{6} created\n");
        Result email = run(later, "rotate", "--hmac", "--purpose", "email-acme", "--dir", dir().toString());
        assertThat(email.out()).startsWith("hmac email-acme 20260201T000000-");
        assertThat(KeyDirectory.at(dir()).all("pseudonym")).hasSize(2);
    }

    @Test
    void shouldListEveryKeyWithKindPurposeIdActiveAndPrivate() throws IOException {
        String d = dir().toString();
        run(TestClocks.at("2026-01-01T00:00:00Z"), "init", "--dir", d);
        run(TestClocks.at("2026-02-01T00:00:00Z"), "rotate", "--dir", d);
        KeyDirectory keys = KeyDirectory.at(dir());
        String newest = keys.activeSigningKey("sharelog").orElseThrow().id();
        Files.delete(dir().resolve("ed25519-sharelog-" + newest + ".pem"));

        Result list = run("list", "--dir", d);
        assertThat(list.exit()).isZero();
        assertThat(list.lines()).hasSize(3);
        assertThat(list.lines().get(0)).matches("ed25519 sharelog 20260101T000000-[0-9a-f]{6} inactive private");
        assertThat(list.lines().get(1)).isEqualTo("ed25519 sharelog " + newest + " active public-only");
        assertThat(list.lines().get(2)).matches("hmac pseudonym 20260101T000000-[0-9a-f]{6} active private");

        assertThat(run("list", "--dir", d, "--purpose", "pseudonym").lines()).hasSize(1);
        Result none = run("list", "--dir", d, "--purpose", "nothing");
        assertThat(none.exit()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no keys for purpose nothing").contains("init --dir");
    }

    @Test
    void shouldExportPublicKeysThatParseBackAsPemOrJwks() throws IOException {
        String d = dir().toString();
        run("init", "--dir", d);
        run("rotate", "--dir", d);
        List<VerificationKey> expected = KeyDirectory.at(dir()).verificationKeys("sharelog");

        Result pem = run("export-public", "--dir", d);
        assertThat(pem.exit()).isZero();
        assertThat(PublicKeys.fromPem(pem.out())).isEqualTo(expected);
        assertThat(pem.out()).doesNotContain("PRIVATE");

        Result jwks = run("export-public", "--dir", d, "--format", "jwks", "--purpose", "sharelog");
        assertThat(jwks.exit()).isZero();
        assertThat(PublicKeys.fromJwks(jwks.out())).isEqualTo(expected);
    }

    @Test
    void shouldWriteTheExportToAFileWithOut() throws IOException {
        String d = dir().toString();
        run("init", "--dir", d);
        Path file = tmp.resolve("sharelog.jwks.json");

        Result result = run("export-public", "--dir", d, "--format", "jwks", "--out", file.toString());
        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("wrote 1 sharelog public key(s) as jwks to " + file + "\n");
        assertThat(PublicKeys.fromJwks(Files.readString(file)))
                .isEqualTo(KeyDirectory.at(dir()).verificationKeys("sharelog"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "bogus --dir DIR",
        "init",
        "init --dir",
        "init --dir DIR --purpose sharelog",
        "list --dir DIR --dir DIR",
        "list --dir DIR --hmac",
        "rotate --dir DIR --purpose Bad!",
        "export-public --dir DIR --format xml",
        "export-public --dir DIR --out",
        "list --dir DIR extra",
    })
    void shouldExitWithTwoAndUsageOnUsageErrors(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.replace("DIR", dir().toString()).split(" ");
        Result result = run(args);
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: ").contains("usage: java -jar keys.jar");
        assertThat(dir()).doesNotExist();
    }

    @Test
    void shouldPrintUsageOnHelp() {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("export-public").contains("exit status");
    }

    @Test
    void shouldExitWithOneAndSayWhatToDoWhenTheDirectoryIsMissing() {
        for (String command : List.of("list", "rotate", "export-public")) {
            Result result = run(command, "--dir", dir().toString());
            assertThat(result.exit()).as(command).isEqualTo(1);
            assertThat(result.err()).as(command).contains("no key directory at").contains("init --dir");
        }
        assertThat(dir()).doesNotExist();
    }

    @Test
    void shouldExitWithOneOnABrokenKeyFileOrNothingToExport() throws IOException {
        String d = dir().toString();
        run("init", "--dir", d);
        Result nothing = run("export-public", "--dir", d, "--purpose", "other");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("no Ed25519 keys for purpose other").contains("[sharelog]");

        Files.writeString(dir().resolve("ed25519-sharelog-20200101T000000-abcdef.pub.pem"), "garbage\n");
        Result broken = run("list", "--dir", d);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("ed25519-sharelog-20200101T000000-abcdef.pub.pem").contains("not a PUBLIC KEY");
    }

    @Test
    void shouldExitWithOneWhenTheOutputFileCannotBeWritten() {
        String d = dir().toString();
        run("init", "--dir", d);
        Result result = run("export-public", "--dir", d, "--out", tmp.resolve("no/such/dir/keys.pem").toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("no such file or directory");
    }
}
