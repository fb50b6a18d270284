package dev.idgw.loadtest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Runs one open-model load test. Request {@code i} is due at {@code t0 + i/rate} ({@link RunHooks} may
 * give the measured phase another {@link ArrivalSchedule}, and an observer told of every outcome); a
 * 1 ms tick sends everything due, so a generator that fell behind catches up instead of silently
 * lowering the rate, and the lateness is recorded. Latency runs from the intended time, not the actual send, so time a
 * request spent waiting behind a stalled server (or for a pooled connection) counts against the server,
 * which is what a real player would have experienced.
 *
 * <p>All state lives on one event-loop context; nothing here blocks it.
 */
public final class LoadTest {
  private static final long TICK_MILLIS = 1;
  private static final long PROGRESS_MILLIS = 1000;
  private static final String OPENRTB_VERSION = "2.6";

  private final Vertx vertx;
  private final Context context;
  private final LoadTestConfig config;
  private final Consumer<Progress> progressListener;
  private final AdPodRequestSource requests;
  private final RequestObserver observer;
  private final ArrivalSchedule measuredArrivals;
  private final RunRecorder recorder = new RunRecorder();
  private final Promise<LoadReport> outcome = Promise.promise();
  /** Ordered by send time, hence by deadline: expiry only ever looks at the head. */
  private final ArrayDeque<Exchange> outstanding = new ArrayDeque<>();
  private final HttpClientAgent client;
  private final MultiMap commonHeaders;
  private final String host;
  private final int port;
  private final String requestUri;
  private final long warmupRequests;
  private final long warmupNanos;
  private final long totalRequests;
  private final long timeoutNanos;
  private long startNanos;
  private long measuredStartNanos;
  private long lastProgressNanos;
  private long nextIndex;
  private long drainDeadlineNanos;
  private long tickTimer = -1;
  private long progressTimer = -1;
  private int inFlight;
  private boolean draining;
  private boolean finished;

  private LoadTest(Vertx vertx, LoadTestConfig config, AdPodRequestSource requests, RunHooks hooks,
      Consumer<Progress> progressListener) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.progressListener = progressListener;
    this.requests = requests;
    this.observer = hooks.observer();
    this.measuredArrivals = hooks.measuredArrivals()
        .orElseGet(() -> ArrivalSchedule.fixedRate(config.ratePerSecond(), config.duration()));
    this.warmupRequests = config.warmupRequests();
    this.warmupNanos = (long) (warmupRequests * 1e9 / config.ratePerSecond());
    this.totalRequests = warmupRequests + measuredArrivals.requests();
    this.timeoutNanos = config.timeout().toNanos();
    String targetHost = config.target().getHost();
    this.host = targetHost.startsWith("[") ? targetHost.substring(1, targetHost.length() - 1) : targetHost;
    this.port = config.target().getPort() == -1 ? 80 : config.target().getPort();
    this.requestUri = config.target().getRawPath()
        + (config.target().getRawQuery() == null ? "" : "?" + config.target().getRawQuery());
    this.client = vertx.createHttpClient(
        new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis())),
        new PoolOptions().setHttp1MaxSize(config.connections()));
    this.commonHeaders = MultiMap.caseInsensitiveMultiMap()
        .add(HttpHeaders.CONTENT_TYPE, "application/json")
        .add("x-openrtb-version", OPENRTB_VERSION);
    config.headers().forEach(commonHeaders::add);
    // The first request built and encoded loads ~100 ms of classes (JSON codec); pay that before the
    // clock starts, with a throwaway generator so the seeded sequence is untouched.
    new AdPodRequests(config.devices(), config.tmax(), config.seed()).next(0).body().toBuffer();
  }

  /**
   * Starts a run on {@code vertx} and completes with its report after warmup + duration + at most the
   * request timeout. Runs on the calling context if there is one, otherwise on a fresh event loop; give
   * it a Vert.x instance of its own when the server under test lives in the same JVM.
   */
  public static Future<LoadReport> start(Vertx vertx, LoadTestConfig config, Consumer<Progress> progressListener) {
    return start(vertx, config, new AdPodRequests(config.devices(), config.tmax(), config.seed()), progressListener);
  }

  /** As {@link #start(Vertx, LoadTestConfig, Consumer)}, with requests from {@code requests} instead of the default mix. */
  public static Future<LoadReport> start(Vertx vertx, LoadTestConfig config, AdPodRequestSource requests,
      Consumer<Progress> progressListener) {
    return start(vertx, config, requests, RunHooks.NONE, progressListener);
  }

  /** As {@link #start(Vertx, LoadTestConfig, AdPodRequestSource, Consumer)}, shaped and observed by {@code hooks}. */
  public static Future<LoadReport> start(Vertx vertx, LoadTestConfig config, AdPodRequestSource requests,
      RunHooks hooks, Consumer<Progress> progressListener) {
    var test = new LoadTest(vertx, config, requests, hooks, progressListener);
    test.context.runOnContext(ignored -> test.guarded(test::begin));
    return test.outcome.future();
  }

  /** Runs to completion on a private single-event-loop Vert.x; blocks, so never call it from an event loop. */
  public static LoadReport run(LoadTestConfig config, Consumer<Progress> progressListener) {
    return run(config, new AdPodRequests(config.devices(), config.tmax(), config.seed()), progressListener);
  }

  /** Runs to completion with requests from {@code requests}; blocks, so never call it from an event loop. */
  public static LoadReport run(LoadTestConfig config, AdPodRequestSource requests,
      Consumer<Progress> progressListener) {
    return run(config, requests, RunHooks.NONE, progressListener);
  }

  /** Runs to completion, shaped and observed by {@code hooks}; blocks, so never call it from an event loop. */
  public static LoadReport run(LoadTestConfig config, AdPodRequestSource requests, RunHooks hooks,
      Consumer<Progress> progressListener) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      return start(vertx, config, requests, hooks, progressListener).toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  public static LoadReport run(LoadTestConfig config) {
    return run(config, progress -> { });
  }

  private void begin() {
    startNanos = System.nanoTime();
    measuredStartNanos = startNanos + warmupNanos;
    lastProgressNanos = startNanos;
    observer.onMeasuredStart(measuredStartNanos);
    recorder.onMeasuredStart(measuredStartNanos);
    tickTimer = vertx.setPeriodic(TICK_MILLIS, ignored -> guarded(this::tick));
    progressTimer = vertx.setPeriodic(PROGRESS_MILLIS, ignored -> guarded(this::publishProgress));
    tick();
  }

  private void tick() {
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    expireOverdue(now);
    while (nextIndex < totalRequests) {
      long intended = startNanos + offsetNanos(nextIndex);
      if (intended > now) {
        break;
      }
      send(nextIndex, intended);
      nextIndex++;
    }
    if (nextIndex == totalRequests && !draining) {
      draining = true;
      drainDeadlineNanos = System.nanoTime() + timeoutNanos;
    }
    if (draining && (inFlight == 0 || now >= drainDeadlineNanos)) {
      finish();
    }
  }

  private long offsetNanos(long index) {
    if (index < warmupRequests) {
      return (long) (index * 1e9 / config.ratePerSecond());
    }
    return warmupNanos + measuredArrivals.offsetNanos(index - warmupRequests);
  }

  private void send(long index, long intendedNanos) {
    boolean measured = index >= warmupRequests;
    long sendNanos = System.nanoTime();
    recorder.onDue(measured, intendedNanos, sendNanos);
    if (inFlight >= config.maxInFlight()) {
      recorder.onError(measured, ErrorKind.DROPPED_BY_GENERATOR, sendNanos);
      if (measured) {
        observer.onOutcome(intendedNanos - measuredStartNanos,
            new RequestOutcome.Failed(ErrorKind.DROPPED_BY_GENERATOR, 0));
      }
      return;
    }
    AdPodRequest adPod = requests.next(index);
    Buffer body = adPod.body().toBuffer();
    var exchange = new Exchange(intendedNanos, sendNanos, sendNanos + timeoutNanos, measured);
    outstanding.addLast(exchange);
    inFlight++;
    recorder.onSent(measured, sendNanos);
    var options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(requestUri);
    client.request(options)
        .compose(request -> {
          // Failures reach us through the returned futures; without a handler Vert.x would also log
          // every reset we cause on timeout.
          request.exceptionHandler(ignored -> { });
          if (exchange.finished) {
            // Timed out while waiting for a pooled connection: give the connection back unused.
            request.reset();
            return Future.failedFuture("timed out before a connection was free");
          }
          exchange.request = request;
          request.headers().addAll(commonHeaders);
          if (adPod.globalPrivacyControl()) {
            request.putHeader("Sec-GPC", "1");
          }
          adPod.headers().forEach(request::putHeader);
          return request.send(body)
              .compose(response -> response.body().map(ignored -> response.statusCode()));
        })
        .onComplete(result -> guarded(() -> complete(exchange, result)));
  }

  private void complete(Exchange exchange, AsyncResult<Integer> result) {
    if (exchange.finished) {
      return;
    }
    exchange.finished = true;
    inFlight--;
    long now = System.nanoTime();
    if (result.succeeded()) {
      recorder.onResponse(exchange.measured, result.result(), now - exchange.intendedNanos, now);
      observe(exchange, new RequestOutcome.Answered(result.result(), now - exchange.intendedNanos,
          now - exchange.sendNanos));
    } else {
      ErrorKind kind = ErrorKind.classify(result.cause());
      recorder.onError(exchange.measured, kind, now);
      observe(exchange, new RequestOutcome.Failed(kind, now - exchange.sendNanos));
    }
    if (draining && inFlight == 0) {
      finish();
    }
  }

  private void expireOverdue(long now) {
    while (!outstanding.isEmpty()) {
      Exchange head = outstanding.peekFirst();
      if (!head.finished && head.deadlineNanos > now) {
        return;
      }
      outstanding.pollFirst();
      if (!head.finished) {
        timeOut(head);
      }
    }
  }

  private void timeOut(Exchange exchange) {
    exchange.finished = true;
    inFlight--;
    long now = System.nanoTime();
    recorder.onError(exchange.measured, ErrorKind.TIMEOUT, now);
    observe(exchange, new RequestOutcome.Failed(ErrorKind.TIMEOUT, now - exchange.sendNanos));
    if (exchange.request != null) {
      exchange.request.reset(); // frees the connection; the late response, if any, is ignored
    }
  }

  private void observe(Exchange exchange, RequestOutcome outcome) {
    if (exchange.measured) {
      observer.onOutcome(exchange.intendedNanos - measuredStartNanos, outcome);
    }
  }

  private void publishProgress() {
    long now = System.nanoTime();
    Progress.Phase phase = nextIndex < warmupRequests ? Progress.Phase.WARMUP
        : draining ? Progress.Phase.DRAIN : Progress.Phase.MEASURE;
    Progress progress = recorder.takeProgress(Duration.ofNanos(now - startNanos), phase,
        now - lastProgressNanos, inFlight);
    lastProgressNanos = now;
    try {
      progressListener.accept(progress);
    } catch (RuntimeException listenerFailure) {
      // A broken progress sink (closed terminal) must not end the measurement.
    }
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    stopTimers();
    // Whatever is still out has used up its time: the run is bounded, stragglers count as timeouts.
    for (Exchange exchange : outstanding) {
      if (!exchange.finished) {
        timeOut(exchange);
      }
    }
    outstanding.clear();
    LoadReport report = recorder.report(config);
    client.close().onComplete(ignored -> outcome.tryComplete(report));
  }

  /** A bug must end the run with a failure, not leave the caller waiting forever. */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException bug) {
      finished = true;
      stopTimers();
      client.close().onComplete(ignored -> outcome.tryFail(bug));
    }
  }

  private void stopTimers() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(progressTimer);
  }

  /** One request on its way; touched only on the generator's context. */
  private static final class Exchange {
    final long intendedNanos;
    final long sendNanos;
    final long deadlineNanos;
    final boolean measured;
    HttpClientRequest request;
    boolean finished;

    Exchange(long intendedNanos, long sendNanos, long deadlineNanos, boolean measured) {
      this.intendedNanos = intendedNanos;
      this.sendNanos = sendNanos;
      this.deadlineNanos = deadlineNanos;
      this.measured = measured;
    }
  }
}
