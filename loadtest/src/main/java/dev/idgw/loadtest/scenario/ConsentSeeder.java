package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.truth.DeviceTruth;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every device's consent record through the gateway's consent API ({@code PUT
 * /consent/v1/devices/{id}} with the consent-role token), a bounded number at a time. Devices without a
 * record are not written: that is their truth. A record that still cannot be written after
 * {@value #ATTEMPTS} attempts makes the truth unknown, and the scenario stops.
 */
final class ConsentSeeder {
  private static final int IN_FLIGHT = 16;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final int ATTEMPTS = 5;

  /** @param failed PUTs that did not answer 200; any one makes the truth unknown, so the scenario stops */
  record Result(long written, long failed, String firstFailure) {}

  private ConsentSeeder() {}

  /**
   * A 503 (the consent store briefly unreachable: a busy Redis, an open breaker) or a transport error is
   * tried again after a growing pause; anything else is final.
   */
  private static CompletableFuture<HttpResponse<String>> sendWithRetries(HttpClient http, HttpRequest request,
      int attempt) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> {
          boolean retry = attempt < ATTEMPTS && (error != null || response.statusCode() == 503);
          if (!retry) {
            return error == null ? CompletableFuture.completedFuture(response)
                : CompletableFuture.<HttpResponse<String>>failedFuture(error);
          }
          var pause = CompletableFuture.delayedExecutor(200L * attempt, TimeUnit.MILLISECONDS);
          return CompletableFuture.supplyAsync(() -> null, pause)
              .thenCompose(ignored -> sendWithRetries(http, request, attempt + 1));
        })
        .thenCompose(next -> next);
  }

  static Result seed(HttpClient http, String internalOrigin, String consentToken, List<DeviceTruth> devices)
      throws InterruptedException {
    var permits = new Semaphore(IN_FLIGHT);
    var written = new AtomicLong();
    var failed = new AtomicLong();
    var firstFailure = new StringBuffer();
    var calls = new ArrayList<CompletableFuture<?>>();
    for (DeviceTruth device : devices) {
      if (device.consent() == null) {
        continue;
      }
      var body = new JsonObject()
          .put("adConsent", device.consent().adConsent())
          .put("jurisdiction", device.consent().jurisdiction())
          .put("ageBand", device.consent().ageBand().wireName());
      if (device.hasEmail()) {
        body.put("email", device.rawEmail());
      }
      HttpRequest request = HttpRequest.newBuilder(URI.create(internalOrigin + "/consent/v1/devices/"
              + URLEncoder.encode(device.deviceId(), StandardCharsets.UTF_8)))
          .timeout(TIMEOUT)
          .header("Authorization", "Bearer " + consentToken)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(body.encode()))
          .build();
      permits.acquire();
      calls.add(sendWithRetries(http, request, 1)
          .whenComplete((response, error) -> {
            permits.release();
            if (error == null && response.statusCode() == 200) {
              written.incrementAndGet();
              return;
            }
            failed.incrementAndGet();
            synchronized (firstFailure) {
              if (firstFailure.length() == 0) {
                firstFailure.append(error != null ? error.toString()
                    : "HTTP " + response.statusCode() + " " + response.body());
              }
            }
          }));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(ignored -> null).join();
    return new Result(written.get(), failed.get(), firstFailure.toString());
  }
}
