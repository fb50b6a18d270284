package dev.idgw.loadtest.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The baseline proxy in front of real partner servers on loopback. */
class BaselineProxyTest {
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> contentTypes = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() {
    received.clear();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A partner that records the body and answers one seatbid after {@code delayMillis}. */
  private URI partner(String seat, long delayMillis) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(body.toString());
      contentTypes.add(request.getHeader("Content-Type") + "|" + request.getHeader("x-openrtb-version"));
      String answer = new JsonObject().put("id", "x").put("seatbid", new JsonArray().add(new JsonObject()
          .put("seat", seat).put("bid", new JsonArray().add(new JsonObject().put("id", seat + "-1"))))).encode();
      vertx.setTimer(Math.max(1, delayMillis), timer -> {
        if (!request.response().closed()) {
          request.response().putHeader("Content-Type", "application/json").end(answer);
        }
      });
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/baseline/bid");
  }

  private BaselineProxy proxy(List<URI> partners) throws Exception {
    return BaselineProxy.start(vertx, BaselineSettings.of(0, partners)).await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> post(BaselineProxy proxy, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/openrtb2/adpod"))
        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldForwardTheRequestUnchangedToEveryPartnerAndConcatenateTheSeatbids() throws Exception {
    BaselineProxy proxy = proxy(List.of(partner("a", 1), partner("b", 5), partner("c", 1)));
    String body = "{\"id\":\"req-1\",\"tmax\":300,\"imp\":[{\"id\":\"1\"}],\"user\":{\"id\":\"kept as is\"}}";

    HttpResponse<String> response = post(proxy, body);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject answer = new JsonObject(response.body());
    assertThat(answer.getString("id")).isEqualTo("req-1");
    assertThat(answer.getJsonArray("seatbid").stream().map(seat -> ((JsonObject) seat).getString("seat")))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(received).hasSize(3).containsOnly(body);
    assertThat(contentTypes).containsOnly("application/json|2.6");
  }

  @Test
  void shouldAnswerByTheDeadlineWithoutThePartnerThatIsTooSlow() throws Exception {
    BaselineProxy proxy = proxy(List.of(partner("fast", 1), partner("slow", 3000)));

    long started = System.nanoTime();
    HttpResponse<String> response = post(proxy, "{\"id\":\"req-2\",\"tmax\":100,\"imp\":[{\"id\":\"1\"}]}");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getJsonArray("seatbid").stream()
        .map(seat -> ((JsonObject) seat).getString("seat"))).containsExactly("fast");
    assertThat(tookMillis).isLessThan(2000);
  }

  @Test
  void shouldRefuseABodyThatIsNotJson() throws Exception {
    BaselineProxy proxy = proxy(List.of(partner("a", 1)));

    assertThat(post(proxy, "not json").statusCode()).isEqualTo(400);
    assertThat(received).isEmpty();
  }
}
