package dev.idgw.gateway.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerRequestCodecTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-20T09:30:00Z");

    @Test
    void shouldKeepEveryFieldThroughTheStream() {
        ConsumerRequest turned = ConsumerRequest.complied(RequestKind.OPT_OUT, RequestChannel.GPC,
                ConsumerRequest.SubjectType.ACCOUNT, "a1b2", "US-CA", RECEIVED, RECEIVED.plusMillis(7), 3)
                .withSource("c3d4").withNote("every device of the account opted out");
        ConsumerRequest denied = new ConsumerRequest("", RequestKind.DELETE, RequestChannel.STAFF,
                ConsumerRequest.SubjectType.DEVICE, "e5f6", "", RECEIVED,
                new RequestOutcome.Denied(RECEIVED.plusSeconds(86_400 * 3), "could not verify the request"), 0, "", "");

        assertThat(ConsumerRequestCodec.decode("1-0", ConsumerRequestCodec.fields(turned))).isEqualTo(turned.withId("1-0"));
        assertThat(ConsumerRequestCodec.decode("2-0", ConsumerRequestCodec.fields(denied))).isEqualTo(denied.withId("2-0"));
    }

    /** The records written before this schema (ts, type, subject, choice, jur) still read, as what they were. */
    @Test
    void shouldReadTheFirstSchemasRecords() {
        String ts = Long.toString(RECEIVED.toEpochMilli());
        ConsumerRequest put = ConsumerRequestCodec.decode("1-0", Map.of("ts", ts, "type", "put", "subject", "ab",
                "choice", "denied", "jur", "US-CO"));
        ConsumerRequest account = ConsumerRequestCodec.decode("2-0", Map.of("ts", ts, "type", "account", "subject",
                "cd", "choice", "granted", "jur", ""));
        ConsumerRequest delete = ConsumerRequestCodec.decode("3-0", Map.of("ts", ts, "type", "delete", "subject", "ef",
                "choice", "deleted", "jur", ""));

        assertThat(put.kind()).isEqualTo(RequestKind.OPT_OUT);
        assertThat(put.via()).isEqualTo(RequestChannel.API);
        assertThat(put.jurisdiction()).isEqualTo("US-CO");
        assertThat(put.received()).isEqualTo(RECEIVED);
        assertThat(put.outcome()).isEqualTo(new RequestOutcome.Complied(RECEIVED));
        assertThat(account.kind()).isEqualTo(RequestKind.OPT_IN);
        assertThat(account.subjectType()).isEqualTo(ConsumerRequest.SubjectType.ACCOUNT);
        assertThat(delete.kind()).isEqualTo(RequestKind.DELETE);
    }

    @Test
    void shouldRefuseFieldsThatMakeNoRequest() {
        assertThatThrownBy(() -> ConsumerRequestCodec.decode("1-0", Map.of("kind", "opt-out", "via", "api")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsumerRequestCodec.decode("1-0", Map.of("kind", "sell-more")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
