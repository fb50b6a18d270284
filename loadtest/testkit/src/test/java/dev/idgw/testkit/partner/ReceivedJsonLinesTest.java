package dev.idgw.testkit.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stub with a {@link ReceivedJsonLines} hook writes one valid JSON line per request, whole, even under load. */
class ReceivedJsonLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = BidRequests.client();

    @TempDir
    Path dir;

    @Test
    void shouldAppendOneLinePerRequestWithTheBodyAsReceived() throws Exception {
        Path file = dir.resolve("partners/acme.jsonl");
        try (ReceivedJsonLines lines = ReceivedJsonLines.appendingTo(file, "acme", List.of("Content-Type", "X-Openrtb-Version"));
             StubPartner stub = StubPartner.start("acme", 0, StubBehavior.bidding(),
                     StubPartner.Options.defaults().withOnReceive(lines))) {
            String compact = BidRequests.DYNAMIC_POD.replace("\n", "");
            send(stub, compact, true);
            send(stub, "{\n  \"id\": \"multi-line\",\n  \"price\": 1.5\n}", false);
            send(stub, "{} and then junk", false);
            List<CompletableFuture<HttpResponse<Void>>> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(client.sendAsync(HttpRequest.newBuilder(stub.endpoint()).timeout(BidRequests.CLIENT_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(compact)).build(), HttpResponse.BodyHandlers.discarding()));
            }
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();

            List<String> written = Files.readAllLines(file);
            assertThat(written).hasSize(43);
            assertThat(stub.onReceiveFailures()).isZero();
            for (String line : written) {
                JsonNode node = JSON.readTree(line);
                assertThat(node.path("partner").asText()).isEqualTo("acme");
                assertThat(node.path("path").asText()).isEqualTo("/bid");
                assertThat(node.has("time")).isTrue();
            }
            JsonNode first = JSON.readTree(written.get(0));
            assertThat(line(written.get(0), compact)).as("the body to the byte").isTrue();
            assertThat(first.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
            assertThat(first.path("headers").path("X-Openrtb-Version").asText()).isEqualTo("2.6");
            assertThat(first.path("headers").has("Host")).as("only the headers asked for").isFalse();
            assertThat(JSON.readTree(written.get(1)).path("body").path("id").asText()).isEqualTo("multi-line");
            assertThat(JSON.readTree(written.get(2)).path("bodyText").asText()).isEqualTo("{} and then junk");
        }
        try (ReceivedJsonLines again = ReceivedJsonLines.appendingTo(file, "acme", List.of())) {
            again.accept(new ReceivedRequest("/bid", java.util.Map.of(), "{}".getBytes(), java.time.Instant.EPOCH));
        }
        assertThat(Files.readAllLines(file)).as("appended, not replaced").hasSize(44);
    }

    private static boolean line(String line, String body) {
        return line.endsWith(",\"body\":" + body + "}");
    }

    private void send(StubPartner stub, String body, boolean withHeaders) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(stub.endpoint()).timeout(BidRequests.CLIENT_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withHeaders) {
            req.header("Content-Type", "application/json").header("X-Openrtb-Version", "2.6");
        }
        client.send(req.build(), HttpResponse.BodyHandlers.discarding());
    }
}
