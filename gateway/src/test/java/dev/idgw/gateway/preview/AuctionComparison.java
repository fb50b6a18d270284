package dev.idgw.gateway.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.testkit.partner.ReceivedRequest;
import dev.idgw.testkit.partner.StubPartner;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Previews a request, then sends the same request to {@code /openrtb2/adpod}, and holds the two side by side: each
 * partner's previewed payload must be, to the byte, what its stub received (but for the request's id and tmax, and
 * the placeholder where the record's email hash travels), and the previewed share record what the auction appended.
 * The preview itself must reach no partner and append nothing.
 */
final class AuctionComparison {
    /** The address the harness's HTTP client connects from: the real request's peer, given to the preview too. */
    static final String PEER = "127.0.0.1";

    private final GatewayHarness gateway;

    AuctionComparison(GatewayHarness gateway) {
        this.gateway = gateway;
    }

    /** What one comparison saw, for a test to make sure its cases are not all alike. */
    record Outcome(int payloadsWithIdentity, boolean shareRecorded) {
    }

    /**
     * @param callerEmailSha256 given to the preview as its 'email' (then even keyed hashes must match), or null
     * @param context names the case in every failure
     */
    Outcome compare(ObjectNode request, Map<String, String> headers, byte[] callerEmailSha256, String context) {
        Map<String, Long> receivedBefore = receivedCounts();
        int sharesBefore = gateway.shareRecords().size();
        HttpResponse<String> previewed = gateway.preview(PreviewAnswer.body(request, headers, PEER,
                callerEmailSha256 == null ? null : HexFormat.of().formatHex(callerEmailSha256), null),
                GatewayHarness.OPERATOR_TOKEN);
        assertThat(previewed.statusCode()).as(context + ": " + previewed.body()).isEqualTo(200);
        PreviewAnswer preview = PreviewAnswer.parse(previewed.body());
        assertThat(receivedCounts()).as(context + ": the preview called no partner").isEqualTo(receivedBefore);
        assertThat(gateway.shareRecords()).as(context + ": the preview appended nothing").hasSize(sharesBefore);

        List<String> headerPairs = new ArrayList<>();
        headers.forEach((k, v) -> {
            headerPairs.add(k);
            headerPairs.add(v);
        });
        HttpResponse<String> real = gateway.post(request.toString(), headerPairs.toArray(String[]::new));
        assertThat(real.statusCode()).as(context + ": " + real.body()).isIn(200, 204);
        assertThat(real.headers().firstValue("Opt-Out-Signal").orElse(null)).as(context + ": Opt-Out-Signal")
                .isEqualTo(preview.tree().path("optOutSignal").isNull() ? null
                        : preview.tree().path("optOutSignal").asText());

        int withIdentity = 0;
        String requestId = null;
        for (PartnerProfile partner : gateway.config().partners()) {
            StubPartner stub = gateway.stub(partner.id());
            assertThat(stub.receivedCount()).as(context + ": " + partner.id() + " called once")
                    .isEqualTo(receivedBefore.get(partner.id()) + 1);
            List<ReceivedRequest> received = stub.received();
            String body = received.get(received.size() - 1).bodyText();
            requestId = PreviewAnswer.tree(body).path("id").asText();
            String previewedPayload = preview.rawPayload(partner.id());
            String expected = body;
            if (callerEmailSha256 == null && PreviewAnswer.emailIn(body) != null) {
                assertThat(PreviewAnswer.emailIn(previewedPayload)).as(context + ": placeholder for " + partner.id())
                        .isEqualTo(Preview.placeholder(partner));
                expected = PreviewAnswer.withEmail(body, Preview.placeholder(partner));
            }
            assertThat(PreviewAnswer.withoutPerRequestMembers(previewedPayload)).as(context + ": " + partner.id())
                    .isEqualTo(PreviewAnswer.withoutPerRequestMembers(expected));
            assertThat(sentFields(preview.partner(partner.id()))).as(context + ": " + partner.id() + " fields sent")
                    .isEqualTo(sentIn(body));
            withIdentity += sentIn(body).isEmpty() ? 0 : 1;
        }
        List<ShareRecord> shares = gateway.shareRecords();
        JsonNode shareRecord = preview.tree().path("shareRecord");
        assertThat(shareRecord.path("wouldBeWritten").asBoolean()).as(context + ": would write a share record")
                .isEqualTo(shares.size() == sharesBefore + 1);
        if (shares.size() == sharesBefore + 1) {
            ShareRecord appended = shares.get(shares.size() - 1);
            assertThat(appended.requestId()).isEqualTo(requestId);
            assertThat(shareRecord.path("jurisdiction").asText()).isEqualTo(appended.jurisdiction());
            assertThat(shareRecord.path("consentVersion").asLong()).isEqualTo(appended.consentVersion());
            assertThat(shareRecord.path("rulesVersion").asText()).isEqualTo(appended.rulesVersion());
            assertThat(shareRecord.path("configVersion").asText()).isEqualTo(appended.configVersion());
            assertThat(texts(shareRecord.path("signals"))).as(context).isEqualTo(appended.signals());
            assertThat(previewedEntries(shareRecord)).as(context + ": share entries").isEqualTo(entries(appended));
        }
        return new Outcome(withIdentity, shares.size() == sharesBefore + 1);
    }

    /** The fields the preview says were sent to a partner, in config names. */
    private static List<String> sentFields(JsonNode partner) {
        List<String> sent = new ArrayList<>();
        for (JsonNode f : partner.path("fields")) {
            if (f.path("outcome").asText().equals("sent")) {
                sent.add(f.path("field").asText());
            }
        }
        return sent.stream().sorted().toList();
    }

    /** The identity fields a received payload carries, read apart from the gateway's code. */
    static List<String> sentIn(String payload) {
        JsonNode p = PreviewAnswer.tree(payload);
        List<String> sent = new ArrayList<>();
        if (p.path("user").path("eids").size() > 0) {
            sent.add(Field.HASHED_EMAIL.configName());
        }
        if (p.path("device").has("ifa")) {
            sent.add(Field.DEVICE_ID.configName());
        }
        // A truncated address ends in .0 (IPv4) or :: (IPv6 /56) and is no longer identity.
        String ip = p.path("device").path("ip").asText("");
        String ipv6 = p.path("device").path("ipv6").asText("");
        if ((!ip.isEmpty() && !ip.endsWith(".0")) || (!ipv6.isEmpty() && !ipv6.endsWith("::"))) {
            sent.add(Field.IP.configName());
        }
        return sent.stream().sorted().toList();
    }

    private static Map<String, String> previewedEntries(JsonNode shareRecord) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode e : shareRecord.path("partners")) {
            out.put(e.path("partner").asText(), e.path("role").asText() + " " + texts(e.path("fields")) + " "
                    + e.path("legalBasis").asText());
        }
        return out;
    }

    private static Map<String, String> entries(ShareRecord record) {
        Map<String, String> out = new TreeMap<>();
        for (ShareEntry e : record.partners()) {
            out.put(e.partnerId(), e.role().configName() + " "
                    + e.fields().stream().map(Field::configName).toList() + " " + e.legalBasis());
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private Map<String, Long> receivedCounts() {
        return gateway.stubs().stream().collect(Collectors.toMap(StubPartner::name, StubPartner::receivedCount));
    }
}
