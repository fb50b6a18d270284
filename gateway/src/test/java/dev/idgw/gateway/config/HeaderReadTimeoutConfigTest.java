package dev.idgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.idgw.gateway.http.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code server.headerReadTimeout}: shipped at 5 s, defaulted when absent, bad values named by key. */
class HeaderReadTimeoutConfigTest {
    private static final Path SHIPPED = Path.of("../config");
    private static final String SHIPPED_LINE = "  headerReadTimeout: 5s";

    @TempDir
    Path dir;

    @Test
    void shouldShipAFiveSecondHeadDeadline() {
        assertThat(ConfigLoader.load(SHIPPED.resolve("gateway.yaml")).server().headerReadTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldDefaultTheHeadDeadlineWhenTheKeyIsAbsent() throws IOException {
        shippedConfigWithHeadDeadline(null);

        assertThat(ConfigLoader.load(dir.resolve("gateway.yaml")).server().headerReadTimeout())
                .isEqualTo(ServerSettings.DEFAULT_HEADER_READ_TIMEOUT);
    }

    @Test
    void shouldReadAConfiguredHeadDeadline() throws IOException {
        shippedConfigWithHeadDeadline("750ms");

        assertThat(ConfigLoader.load(dir.resolve("gateway.yaml")).server().headerReadTimeout())
                .isEqualTo(Duration.ofMillis(750));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0ms", "-1s", "50ms", "2m", "soon", "5", "[5s]"})
    void shouldRejectABadHeadDeadlineNamingTheKey(String value) throws IOException {
        shippedConfigWithHeadDeadline(value);

        Throwable thrown = catchThrowable(() -> ConfigLoader.load(dir.resolve("gateway.yaml")));

        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(thrown.getMessage()).contains("gateway.yaml").contains("server.headerReadTimeout:");
    }

    /** The three shipped files in the temporary folder, with the head deadline set to {@code value} (null: removed). */
    private void shippedConfigWithHeadDeadline(String value) throws IOException {
        for (String file : new String[] {"partners.yaml", "jurisdictions.yaml"}) {
            Files.copy(SHIPPED.resolve(file), dir.resolve(file));
        }
        String text = Files.readString(SHIPPED.resolve("gateway.yaml"), StandardCharsets.UTF_8);
        int at = text.indexOf(SHIPPED_LINE);
        assertThat(at).as("the shipped gateway.yaml sets %s", SHIPPED_LINE).isNotNegative();
        int lineEnd = text.indexOf('\n', at);
        String replacement = value == null ? "  # no headerReadTimeout" : "  headerReadTimeout: " + value;
        Files.writeString(dir.resolve("gateway.yaml"), text.substring(0, at) + replacement + text.substring(lineEnd),
                StandardCharsets.UTF_8);
    }
}
