package dev.idgw.testkit.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StubPartnerMainTest {

    @Test
    void shouldReadEveryOption() {
        StubPartnerMain.Arguments arguments = StubPartnerMain.parse(new String[] {
            "--name", "a", "--port", "9001", "--latency-ms", "20", "--p99-latency-ms", "400",
            "--failure", "no_bid", "--bids-per-imp", "3", "--base-price", "7.5"});

        assertThat(arguments.name()).isEqualTo("a");
        assertThat(arguments.port()).isEqualTo(9001);
        assertThat(arguments.behavior()).isEqualTo(StubBehavior.failing(StubFailure.NO_BID)
                .withLatency(Duration.ofMillis(20)).withP99Latency(Duration.ofMillis(400))
                .withBidsPerImp(3).withBasePrice(7.5));
    }

    @Test
    void shouldDefaultToABiddingStubOnAFreePort() {
        StubPartnerMain.Arguments arguments = StubPartnerMain.parse(new String[0]);

        assertThat(arguments.port()).isZero();
        assertThat(arguments.behavior()).isEqualTo(StubBehavior.bidding());
    }

    @Test
    void shouldNameTheArgumentItCannotRead() {
        assertThatThrownBy(() -> StubPartnerMain.parse(new String[] {"--port", "ninety"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> StubPartnerMain.parse(new String[] {"--failure", "SOMETIMES"}))
                .hasMessageContaining("--failure");
        assertThatThrownBy(() -> StubPartnerMain.parse(new String[] {"--colour", "blue"}))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> StubPartnerMain.parse(new String[] {"--name"}))
                .hasMessageContaining("--name");
    }
}
