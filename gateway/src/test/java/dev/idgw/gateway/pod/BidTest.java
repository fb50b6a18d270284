package dev.idgw.gateway.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The advertiser domains a bid keeps: never null, never a null entry, never changed behind its back. */
class BidTest {

    private static Bid withDomains(List<String> domains) {
        return new Bid("p", "b", "1", 2.5, "<VAST/>", domains, "cr", 15, 0, null);
    }

    @Test
    void shouldKeepNoDomainsWhenThereAreNone() {
        assertThat(withDomains(null).advertiserDomains()).isEmpty();
    }

    @Test
    void shouldDropNullEntriesKeepingTheOrder() {
        assertThat(withDomains(Arrays.asList(null, "a.example", null, "b.example")).advertiserDomains())
                .containsExactly("a.example", "b.example");
        assertThat(withDomains(new LinkedList<>(Arrays.asList("a.example", null))).advertiserDomains())
                .containsExactly("a.example");
    }

    @Test
    void shouldKeepAnUnmodifiableNullFreeListAsItIs() {
        List<String> domains = List.of("a.example", "b.example");

        assertThat(withDomains(domains).advertiserDomains()).isSameAs(domains);
    }

    @Test
    void shouldCopyAListItsCallerCanStillChange() {
        List<String> domains = new ArrayList<>(List.of("a.example"));
        Bid bid = withDomains(domains);
        domains.add("b.example");

        assertThat(bid.advertiserDomains()).containsExactly("a.example");
        assertThatThrownBy(() -> bid.advertiserDomains().add("c.example"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
