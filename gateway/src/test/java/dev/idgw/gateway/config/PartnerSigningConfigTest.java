package dev.idgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.idgw.gateway.signing.PartnerSigningSettings;
import dev.idgw.partners.PartnerProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code signRequests} in partners.yaml and {@code partnerSigning:} in gateway.yaml: the shipped files sign
 * for one partner, the defaults are off and {@link PartnerSigningSettings#defaults()}, and a bad value stops
 * start-up naming the file, the key path and its line.
 */
class PartnerSigningConfigTest {
    private static final Path SHIPPED = Path.of("../config");

    @TempDir Path dir;

    @Test
    void shouldSignForAcmeSspOnlyInTheShippedConfig() {
        GatewayConfig config = ConfigLoader.load(SHIPPED.resolve("gateway.yaml"));

        assertThat(config.partners()).filteredOn(PartnerProfile::signRequests).extracting(PartnerProfile::id)
                .containsExactly("acme-ssp");
        assertThat(config.partnerSigning()).isEqualTo(new PartnerSigningSettings(Duration.ofSeconds(30),
                Duration.ofMinutes(5)));
    }

    @Test
    void shouldLeaveSigningOffAndTheSettingsAtTheirDefaultsWhenNotGiven() throws IOException {
        shippedWith("gateway.yaml", text -> cut(text, "partnerSigning:", "shareLog:"));
        shippedWith("partners.yaml", text -> text.replace("    signRequests: true\n", ""));

        GatewayConfig config = ConfigLoader.load(dir.resolve("gateway.yaml"));

        assertThat(config.partners()).noneMatch(PartnerProfile::signRequests);
        assertThat(config.partnerSigning()).isEqualTo(PartnerSigningSettings.defaults());
        assertThat(PartnerSigningSettings.defaults().rotation().publishAhead()).isEqualTo(Duration.ofSeconds(370));
        assertThat(PartnerSigningSettings.defaults().rotation().keepRetired()).isEqualTo(Duration.ofSeconds(90));
    }

    /** file, the shipped text, its replacement, the message expected ({line}: the changed line's number). */
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "partners.yaml | 'signRequests: true' | 'signRequests: sometimes' | partners.yaml: partners[0].signRequests: expected true or false, got 'sometimes' (line {line})",
            "partners.yaml | 'signRequests: true' | 'signRequests: \"true\"'  | partners.yaml: partners[0].signRequests: expected true or false, got 'true' (line {line})",
            "partners.yaml | 'signRequests: true' | 'signRequest: true'      | partners.yaml: partners[0].signRequest: unknown key",
            "gateway.yaml  | 'validity: 30s'      | 'validity: 30500ms'      | gateway.yaml: partnerSigning.validity: must be whole seconds (e.g. 30s), got 30500ms (line {line})",
            "gateway.yaml  | 'validity: 30s'      | 'validity: 2s'           | gateway.yaml: partnerSigning.validity: must be between 5000ms and 600000ms (line {line})",
            "gateway.yaml  | 'jwksMaxAge: 300s'   | 'jwksMaxAge: 2d'         | gateway.yaml: partnerSigning.jwksMaxAge: must be between 0ms and 86400000ms (line {line})",
            "gateway.yaml  | 'jwksMaxAge: 300s'   | 'jwksMaxAge: soon'       | gateway.yaml: partnerSigning.jwksMaxAge: expected a duration like 250ms, 30s, 5m, 2h or 90d, got 'soon' (line {line})",
            "gateway.yaml  | 'validity: 30s'      | 'validty: 30s'           | gateway.yaml: partnerSigning.validty: unknown key (allowed: jwksMaxAge, validity) (line {line})"})
    void shouldNameTheKeyPathAndLineOfABadValue(String file, String shipped, String replacement, String message)
            throws IOException {
        String shippedText = Files.readString(SHIPPED.resolve(file.strip()), StandardCharsets.UTF_8);
        assertThat(shippedText).contains(shipped);
        long line = shippedText.substring(0, shippedText.indexOf(shipped)).chars().filter(c -> c == '\n').count() + 1;
        shippedWith(file.strip(), text -> text.replaceFirst(java.util.regex.Pattern.quote(shipped), replacement));

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("gateway.yaml")));

        assertThat(e).as("load must stop with a ConfigException").isNotNull();
        assertThat(e.getMessage()).contains(message.replace("{line}", Long.toString(line)));
    }

    private void shippedWith(String changed, UnaryOperator<String> change) throws IOException {
        for (String file : new String[] {"gateway.yaml", "partners.yaml", "jurisdictions.yaml"}) {
            Path target = dir.resolve(file);
            String text = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8)
                    : Files.readString(SHIPPED.resolve(file), StandardCharsets.UTF_8);
            Files.writeString(target, file.equals(changed) ? change.apply(text) : text, StandardCharsets.UTF_8);
        }
    }

    /** {@code text} without the part from {@code from} up to (not including) {@code to}. */
    private static String cut(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start);
        assertThat(start).isNotNegative();
        return text.substring(0, start) + text.substring(end);
    }
}
