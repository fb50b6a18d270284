package dev.idgw.gateway.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.failure.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway.jar token}: the line it prints, pasted into the shipped gateway.yaml as it says, makes the
 * printed token work for the role asked for and for no other.
 */
class TokenCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void shouldPrintATokenWhosePastedLineGrantsTheConsentRoleOnly() throws Exception {
        Printed printed = run("--role", "consent", "--name", "ops-team");
        assertThat(printed.exit()).as(printed.err()).isZero();

        BearerTokens tokens = new BearerTokens(pasted(printed).compliance().tokens());
        assertThat(tokens.authorize("Bearer " + printed.token(), ApiToken.CONSENT).name()).isEqualTo("ops-team");
        assertThatThrownBy(() -> tokens.authorize("Bearer " + printed.token(), ApiToken.COMPLIANCE))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> tokens.authorize("Bearer " + printed.token() + "0", ApiToken.CONSENT))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void shouldNameATokenByItsRoleAndDayWhenNoNameIsGiven() throws Exception {
        Printed printed = run("--role", "compliance");
        BearerTokens tokens = new BearerTokens(pasted(printed).compliance().tokens());
        assertThat(tokens.authorize("Bearer " + printed.token(), ApiToken.COMPLIANCE).name())
                .isEqualTo("compliance-20261207");
        assertThatThrownBy(() -> tokens.authorize("Bearer " + printed.token(), ApiToken.CONSENT))
                .isInstanceOf(GatewayException.class);
    }

    @Test
    void shouldGrantTheOperatorRoleForThePreviewAndNoOther() throws Exception {
        Printed printed = run("--role", "operator", "--name", "ad-ops");
        assertThat(printed.exit()).as(printed.err()).isZero();
        BearerTokens tokens = new BearerTokens(pasted(printed).compliance().tokens());
        assertThat(tokens.authorize("Bearer " + printed.token(), ApiToken.OPERATOR).name()).isEqualTo("ad-ops");
        for (String other : List.of(ApiToken.CONSENT, ApiToken.COMPLIANCE)) {
            assertThatThrownBy(() -> tokens.authorize("Bearer " + printed.token(), other))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
        assertThat(run("--role", "admin").err()).contains("expected compliance, consent or operator");
    }

    @Test
    void shouldRefuseAnUnknownRoleOrAMissingOne() {
        assertThat(run("--role", "admin").exit()).isEqualTo(2);
        assertThat(run("--role", "admin").err()).contains("unknown role 'admin'");
        assertThat(run("--name", "x").exit()).isEqualTo(2);
        assertThat(run("--role", "consent", "--name", "two words").exit()).isEqualTo(2);
    }

    /** The shipped config folder with the printed line pasted under compliance.tokens, loaded. */
    private GatewayConfig pasted(Printed printed) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        for (String f : List.of("gateway.yaml", "partners.yaml", "jurisdictions.yaml")) {
            Files.copy(Path.of("../config").resolve(f), config.resolve(f));
        }
        Path yaml = config.resolve("gateway.yaml");
        String shipped = Files.readString(yaml);
        assertThat(shipped).contains("\n  tokens: []\n");
        Files.writeString(yaml, shipped.replace("\n  tokens: []\n", "\n  tokens:\n" + printed.configLine() + "\n"));
        return ConfigLoader.load(yaml);
    }

    private static Printed run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TokenCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        return new Printed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Printed(int exit, String out, String err) {
        /** The one indented line of 64 hex characters. */
        String token() {
            return out.lines().map(String::strip).filter(l -> l.matches("[0-9a-f]{64}")).findFirst().orElseThrow();
        }

        /** The line that starts a YAML list item. */
        String configLine() {
            return out.lines().filter(l -> l.startsWith("    - {")).findFirst().orElseThrow();
        }
    }
}
