package dev.idgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The line `serve` prints once it listens names both listeners, as the shipped config sets them. */
class StartupLineTest {
    private static final GatewayConfig SHIPPED = ConfigLoader.load(Path.of("../config/gateway.yaml"));

    @Test
    void shouldNameThePlayerAndTheInternalListener() {
        assertThat(Main.startupLine(SHIPPED, 8080, 8081)).isEqualTo("identity gateway listening on "
                + SHIPPED.server().host() + ":8080 (writer " + SHIPPED.writerId() + ", " + SHIPPED.partners().size() + " partners); "
                + "internal listener (consent, compliance, console, preview) on 127.0.0.1:8081");
    }

    @Test
    void shouldSayWhenTheInternalListenerIsOff() {
        assertThat(Main.startupLine(SHIPPED, 8080, -1)).endsWith("; internal listener (consent, compliance, console, preview) off");
    }
}
