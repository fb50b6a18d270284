package dev.idgw.loadtest;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToIntFunction;

/**
 * A real HTTP server on 127.0.0.1, port 0, standing in for the gateway: answers every request with a
 * status chosen by arrival number, optionally after a fixed delay or while "stalled" (holding every
 * answer until the stall ends). Runs on its own Vert.x so it never shares an event loop with the generator.
 */
public final class StubServer implements AutoCloseable {

  /** What the server saw. */
  record Received(String path, MultiMap headers, JsonObject body) {}

  private final Vertx vertx = Vertx.vertx();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicLong arrivals = new AtomicLong();
  private final HttpServer server;
  private volatile LongToIntFunction statusByArrival = arrival -> 200;
  private volatile long delayMillis;
  private volatile long stallAfterNanos = -1;
  private volatile long stallNanos;
  private volatile long firstArrivalNanos;

  private StubServer() {
    server = vertx.createHttpServer()
        .requestHandler(this::handle)
        .listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().join();
  }

  public static StubServer start() {
    return new StubServer();
  }

  public URI target() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  /** Status for the n-th request to arrive, counting from 0. */
  public StubServer respondWith(LongToIntFunction status) {
    statusByArrival = status;
    return this;
  }

  public StubServer delay(Duration delay) {
    delayMillis = delay.toMillis();
    return this;
  }

  /** Starting {@code after} the first request, hold every answer until {@code length} has passed. */
  public StubServer stall(Duration after, Duration length) {
    stallAfterNanos = after.toNanos();
    stallNanos = length.toNanos();
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  long arrivals() {
    return arrivals.get();
  }

  private void handle(HttpServerRequest request) {
    long now = System.nanoTime();
    long arrival = arrivals.getAndIncrement();
    if (arrival == 0) {
      firstArrivalNanos = now;
    }
    request.body().onSuccess(body -> {
      JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      received.add(new Received(request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), json));
      int status = statusByArrival.applyAsInt(arrival);
      long wait = Math.max(delayMillis, stallRemainingMillis(now));
      if (wait <= 0) {
        answer(request.response(), status, json);
      } else {
        vertx.setTimer(wait, timer -> answer(request.response(), status, json));
      }
    });
  }

  private long stallRemainingMillis(long now) {
    if (stallAfterNanos < 0) {
      return 0;
    }
    long stallStart = firstArrivalNanos + stallAfterNanos;
    long stallEnd = stallStart + stallNanos;
    return now >= stallStart && now < stallEnd ? Math.max(1, (stallEnd - now) / 1_000_000) : 0;
  }

  private static void answer(HttpServerResponse response, int status, JsonObject request) {
    if (response.closed()) {
      return; // the generator gave up on it
    }
    response.setStatusCode(status);
    if (status == 200) {
      response.putHeader("content-type", "application/json")
          .end(new JsonObject().put("id", request.getString("id")).put("seatbid", List.of()).encode());
    } else {
      response.end();
    }
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
