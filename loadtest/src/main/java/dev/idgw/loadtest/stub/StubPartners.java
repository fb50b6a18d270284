package dev.idgw.loadtest.stub;

import dev.idgw.loadtest.truth.PayloadInspector;
import dev.idgw.loadtest.truth.PayloadVerdict;
import dev.idgw.loadtest.truth.RequestTruth;
import dev.idgw.loadtest.truth.TruthRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The stub partners of one scenario: one HTTP server per profile on 127.0.0.1, port 0, all on one
 * Vert.x instance of their own (so they never share an event loop with the generator). Payloads on
 * {@link PartnerProfile#GATEWAY_PATH} are judged against the truth, after the measured phase (see
 * {@link PendingPayloads}); {@link PartnerProfile#BASELINE_PATH} is answered the same way, unjudged.
 */
public final class StubPartners implements AutoCloseable {
  private static final long WAIT_SECONDS = 30;

  private final Vertx vertx;
  private final Map<PartnerProfile, HttpServer> servers;
  private final Map<PartnerProfile, Stub> stubs;
  private final PendingPayloads pending;

  private StubPartners(Vertx vertx, Map<PartnerProfile, HttpServer> servers, Map<PartnerProfile, Stub> stubs,
      PendingPayloads pending) {
    this.vertx = vertx;
    this.servers = servers;
    this.stubs = stubs;
    this.pending = pending;
  }

  /** Starts every stub; blocks until all listen. */
  public static StubPartners start(List<PartnerProfile> profiles, StubBehavior behavior, TruthRegistry registry,
      PayloadInspector inspector, CheckLedger ledger) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors())));
    var servers = new LinkedHashMap<PartnerProfile, HttpServer>();
    var stubs = new LinkedHashMap<PartnerProfile, Stub>();
    var pending = new PendingPayloads(inspector, ledger);
    try {
      long seed = behavior.seed();
      for (PartnerProfile profile : profiles) {
        var stub = new Stub(vertx, profile, behavior, new SplittableRandom(seed++), registry, pending);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true)
                .setCompressionSupported(false).setIdleTimeout(60))
            .requestHandler(stub::handle)
            .listen(0, "127.0.0.1")
            .await(WAIT_SECONDS, TimeUnit.SECONDS);
        servers.put(profile, server);
        stubs.put(profile, stub);
      }
    } catch (Exception failed) {
      vertx.close();
      throw new IllegalStateException("stub partners did not start: " + failed.getMessage(), failed);
    }
    return new StubPartners(vertx, servers, stubs, pending);
  }

  /**
   * Judges every gateway payload received so far into the ledger (the caller's thread and the common
   * pool); the scenario calls it outside measured phases. Returns how many were judged.
   */
  public int judgePending() {
    return pending.judgeAll();
  }

  /**
   * Switches {@code profile}'s stub to answering every call with a 200 whose body is not JSON (a fault
   * scenario's {@code partner-garbage}), or back to its {@link StubBehavior}; from any thread. Payloads
   * are judged as before: a partner that answers garbage still receives, and may not receive identity.
   */
  public void answerWithGarbage(PartnerProfile profile, boolean garbage) {
    Stub stub = stubs.get(profile);
    if (stub == null) {
      throw new IllegalArgumentException("no stub for partner " + profile.id());
    }
    stub.garbageOnly = garbage;
  }

  /**
   * Serves {@code requestsPerStub} unjudged requests per stub, {@code sample} as the body, and judges
   * the same payload as often without recording it, before any measurement: a cold stub answers its first
   * calls in hundreds of milliseconds, past the gateway's partner timeout, and the gateway's circuit
   * breaker would then keep the partner out of the first seconds of the run. Blocks until done.
   */
  public void warmUp(io.vertx.core.json.JsonObject sample, int requestsPerStub, PayloadInspector inspector,
      dev.idgw.loadtest.truth.RequestTruth truth) throws Exception {
    var client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(8));
    try {
      Buffer body = sample.toBuffer();
      for (PartnerProfile profile : servers.keySet()) {
        int port = servers.get(profile).actualPort();
        for (int sent = 0; sent < requestsPerStub; sent += 16) {
          var batch = new ArrayList<io.vertx.core.Future<?>>();
          for (int i = 0; i < 16; i++) {
            batch.add(client.request(io.vertx.core.http.HttpMethod.POST, port, "127.0.0.1", PartnerProfile.BASELINE_PATH)
                .compose(request -> request.send(body)).compose(response -> response.body()));
            inspector.inspect(body.toString(), sample, List.of("application/json"), profile.role(),
                profile.identityFields(), truth);
          }
          io.vertx.core.Future.join(batch).await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
      }
    } finally {
      client.close();
    }
  }

  /** {@code http://127.0.0.1:<port>} of a stub. */
  public String origin(PartnerProfile profile) {
    return "http://127.0.0.1:" + servers.get(profile).actualPort();
  }

  public List<PartnerProfile> profiles() {
    return List.copyOf(servers.keySet());
  }

  /** Each stub's baseline URL, in profile order. */
  public List<String> baselineEndpoints() {
    var endpoints = new ArrayList<String>();
    servers.keySet().forEach(profile -> endpoints.add(origin(profile) + PartnerProfile.BASELINE_PATH));
    return endpoints;
  }

  @Override
  public void close() {
    try {
      vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Closing is best effort: the process is about to end or the test is done.
    }
  }

  /** One partner; its server runs on one event loop, so the random source needs no lock. */
  private static final class Stub {
    private final Vertx vertx;
    private final PartnerProfile profile;
    private final StubBehavior behavior;
    private final SplittableRandom random;
    private final TruthRegistry registry;
    private final PendingPayloads pending;
    /** Set from the scenario's fault thread, read on the stub's event loop. */
    private volatile boolean garbageOnly;

    Stub(Vertx vertx, PartnerProfile profile, StubBehavior behavior, SplittableRandom random,
        TruthRegistry registry, PendingPayloads pending) {
      this.vertx = vertx;
      this.profile = profile;
      this.behavior = behavior;
      this.random = random;
      this.registry = registry;
      this.pending = pending;
    }

    void handle(HttpServerRequest request) {
      String path = request.path();
      boolean judged = PartnerProfile.GATEWAY_PATH.equals(path);
      if (!judged && !PartnerProfile.BASELINE_PATH.equals(path)) {
        request.response().setStatusCode(404).end();
        return;
      }
      long arrival = System.nanoTime();
      request.body().onSuccess(body -> {
        JsonObject json = PendingPayloads.parsedOrNull(body);
        if (judged) {
          keepForJudging(request, body, json, arrival);
        }
        answerLater(request.response(), json);
      });
    }

    /** The truth is looked up now: the registry forgets a phase's requests once the phase is over. */
    private void keepForJudging(HttpServerRequest request, Buffer body, JsonObject json, long arrival) {
      var headerValues = new ArrayList<String>(request.headers().size());
      request.headers().forEach(header -> headerValues.add(header.getValue()));
      RequestTruth truth = json == null ? null : registry.lookup(correlationToken(json));
      pending.add(new PendingPayloads.Received(profile, body, headerValues, truth, arrival));
    }

    private static String correlationToken(JsonObject payload) {
      Object app = payload.getValue("app");
      Object content = app instanceof JsonObject a ? a.getValue("content") : null;
      Object id = content instanceof JsonObject c ? c.getValue("id") : null;
      return id instanceof String text ? text : null;
    }

    private void answerLater(HttpServerResponse response, JsonObject json) {
      long delay = random.nextDouble() < StubBehavior.TAIL_SHARE && !behavior.tailLatency().isZero()
          ? behavior.tailLatency().toMillis() : behavior.latency().toMillis();
      boolean drawnFailure = random.nextDouble() < behavior.failureShare();
      boolean drawnGarbage = drawnFailure && random.nextBoolean();
      // The draws happen either way, so switching the fault on and off leaves the seeded sequence alone.
      boolean fail = garbageOnly || drawnFailure;
      boolean garbage = garbageOnly || drawnGarbage;
      if (delay <= 0) {
        answer(response, json, fail, garbage);
      } else {
        vertx.setTimer(delay, timer -> answer(response, json, fail, garbage));
      }
    }

    private void answer(HttpServerResponse response, JsonObject json, boolean fail, boolean garbage) {
      if (response.closed()) {
        return; // the caller gave up (deadline)
      }
      if (json == null) {
        response.setStatusCode(400).end();
      } else if (fail && garbage) {
        response.putHeader("Content-Type", "application/json").end("{\"id\":\"garbage\",\"seatbid\":[{\"bid\":");
      } else if (fail) {
        response.setStatusCode(500).end();
      } else {
        JsonObject answer = BidMaker.answer(profile.id(), json, behavior.bidsPerImp(), random);
        if (answer.containsKey("seatbid")) {
          response.putHeader("Content-Type", "application/json").end(answer.toBuffer());
        } else {
          response.setStatusCode(204).end();
        }
      }
    }
  }

  /** For the report: every stub's profile and origin. */
  public Map<String, String> origins() {
    var origins = new LinkedHashMap<String, String>();
    servers.keySet().forEach(profile -> origins.put(profile.id(), origin(profile)));
    return origins;
  }
}
