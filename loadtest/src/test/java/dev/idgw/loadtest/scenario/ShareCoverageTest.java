package dev.idgw.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.loadtest.stub.SentIdentity;
import dev.idgw.loadtest.truth.Field;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coverage check against a tiny fake compliance endpoint: two NDJSON pages joined by X-Next-Cursor. */
class ShareCoverageTest {
  private static final String TOKEN = "test-token";
  private static final String PAGE_1 = String.join("\n",
      "{\"v\":1,\"rid\":\"r1\",\"p\":[{\"id\":\"acme-ssp\",\"role\":\"third_party\",\"f\":[\"device_id\",\"ip\"]},"
          + "{\"id\":\"measurely\",\"role\":\"service_provider\",\"f\":[\"hashed_email\"]}],\"h\":\"00\"}",
      "{\"v\":1,\"rid\":\"r2\",\"p\":[{\"id\":\"acme-ssp\",\"f\":[\"hashed_email\",\"device_id\",\"ip\"]}],\"h\":\"01\"}",
      "");
  private static final String PAGE_2 = "{\"v\":1,\"rid\":\"r3\",\"p\":[{\"id\":\"brightline\",\"f\":[\"ip\"]}]}\n";

  private final Vertx vertx = Vertx.vertx();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private String origin;

  @BeforeEach
  void startFakeComplianceApi() throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    origin = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void answer(HttpServerRequest request) {
    if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
      request.response().setStatusCode(401).end();
      return;
    }
    queries.add(request.query());
    var response = request.response().putHeader("Content-Type", "application/x-ndjson");
    if (request.getParam("cursor") == null) {
      response.putHeader("X-Next-Cursor", "c/2+").end(PAGE_1);
    } else {
      response.end(PAGE_2);
    }
  }

  private static SentIdentity sent(String rid, String partner, Field... fields) {
    return new SentIdentity(rid, partner, Field.mask(EnumSet.of(fields[0], fields)));
  }

  private ShareCoverage.Result check(List<SentIdentity> sent, String token) throws Exception {
    return ShareCoverage.check(HttpClient.newHttpClient(), origin, token, 1234, sent);
  }

  @Test
  void shouldFindARecordForEveryIdentityBearingPayloadAcrossPages() throws Exception {
    ShareCoverage.Result result = check(List.of(sent("r1", "acme-ssp", Field.DEVICE_ID, Field.IP),
        sent("r1", "measurely", Field.HASHED_EMAIL), sent("r2", "acme-ssp", Field.values()),
        sent("r3", "brightline", Field.IP)), TOKEN);

    assertThat(result.missing()).isZero();
    assertThat(result.fieldMismatch()).isZero();
    assertThat(result.recordsPulled()).isEqualTo(3);
    assertThat(result.pages()).isEqualTo(2);
    assertThat(queries).hasSize(2);
    assertThat(queries.get(0)).contains("limit=10000", "from=1234").doesNotContain("cursor");
    assertThat(queries.get(1)).contains("cursor=c%2F2%2B", "from=1234");
  }

  @Test
  void shouldReportAMissingRecordAndAPartnerMissingFromARecord() throws Exception {
    ShareCoverage.Result result = check(List.of(sent("r9", "acme-ssp", Field.IP),
        sent("r3", "acme-ssp", Field.IP), sent("r3", "brightline", Field.IP)), TOKEN);

    assertThat(result.missing()).isEqualTo(2);
    assertThat(result.examples()).hasSize(2).allSatisfy(example -> assertThat(example).startsWith("missing"));
  }

  @Test
  void shouldReportFieldsThatDifferFromThePayload() throws Exception {
    ShareCoverage.Result result = check(List.of(sent("r1", "acme-ssp", Field.DEVICE_ID)), TOKEN);

    assertThat(result.missing()).isZero();
    assertThat(result.fieldMismatch()).isEqualTo(1);
  }

  @Test
  void shouldFailLoudlyWhenTheTokenIsRefused() {
    assertThatThrownBy(() -> check(List.of(), "wrong")).isInstanceOf(IOException.class).hasMessageContaining("401");
  }
}
