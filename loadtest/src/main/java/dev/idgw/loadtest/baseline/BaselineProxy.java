package dev.idgw.loadtest.baseline;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference fan-out. One shared {@link WebClient} configured exactly as the gateway's
 * {@code PartnerClient}; one listener per event loop on the same port, as the gateway deploys them.
 * Per request: read the body (bounded), take {@code id} and {@code tmax}, send the bytes unchanged to
 * every partner with the remaining time as timeout, join, and answer 200 with every seatbid of every
 * 200 answer that parses. A partner that fails, times out or sends garbage contributes nothing.
 */
public final class BaselineProxy {
  private static final int MIN_CALL_MILLIS = 5;

  private final Vertx vertx;
  private final WebClient client;
  private final BaselineSettings settings;
  private final List<String> deployments = new ArrayList<>();
  private final AtomicInteger port = new AtomicInteger();

  private BaselineProxy(Vertx vertx, BaselineSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    WebClientOptions options = new WebClientOptions()
        .setFollowRedirects(false)
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setIdleTimeout(30)
        .setDecompressionSupported(false)
        .setUserAgentEnabled(true)
        .setUserAgent("baseline-proxy/0.1");
    this.client = WebClient.create(vertx, options,
        new PoolOptions().setHttp1MaxSize(settings.maxConnectionsPerPartner()).setMaxWaitQueueSize(1024));
  }

  /** Deploys the listeners on {@code vertx}; completes with the proxy once every one listens. */
  public static Future<BaselineProxy> start(Vertx vertx, BaselineSettings settings) {
    var proxy = new BaselineProxy(vertx, settings);
    return vertx.deployVerticle(() -> proxy.new Listener(), new DeploymentOptions().setInstances(settings.instances()))
        .map(id -> {
          proxy.deployments.add(id);
          return proxy;
        });
  }

  public int port() {
    return port.get();
  }

  public Future<Void> stop() {
    List<Future<?>> undeployed = new ArrayList<>();
    deployments.forEach(id -> undeployed.add(vertx.undeploy(id)));
    return Future.join(undeployed).onComplete(done -> client.close()).mapEmpty();
  }

  private void handle(HttpServerRequest request) {
    if (!"/openrtb2/adpod".equals(request.path())) {
      request.response().setStatusCode(404).end();
      return;
    }
    long startNanos = System.nanoTime();
    request.body().onComplete(read -> {
      if (read.failed()) {
        request.response().setStatusCode(400).end();
        return;
      }
      Buffer body = read.result();
      JsonObject bidRequest;
      try {
        bidRequest = body.toJsonObject();
      } catch (RuntimeException notJson) {
        request.response().setStatusCode(400).end();
        return;
      }
      long tmax = bidRequest.getValue("tmax") instanceof Number number && number.longValue() > 0
          ? Math.min(number.longValue(), settings.maxTmax().toMillis()) : settings.defaultTmax().toMillis();
      long deadlineNanos = startNanos + (tmax - settings.assemblyReserve().toMillis()) * 1_000_000L;
      fanOut(body, deadlineNanos)
          .onComplete(done -> answer(request, bidRequest.getValue("id"), done.result()));
    });
  }

  private Future<List<JsonArray>> fanOut(Buffer body, long deadlineNanos) {
    long millis = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    List<Future<JsonArray>> calls = new ArrayList<>(settings.partners().size());
    for (URI partner : settings.partners()) {
      calls.add(millis < MIN_CALL_MILLIS ? Future.succeededFuture(new JsonArray()) : call(partner, body, millis));
    }
    return Future.join(calls).map(all -> {
      List<JsonArray> seatbids = new ArrayList<>(calls.size());
      calls.forEach(call -> seatbids.add(call.result()));
      return seatbids;
    });
  }

  private Future<JsonArray> call(URI partner, Buffer body, long millis) {
    String path = partner.getRawPath() == null || partner.getRawPath().isEmpty() ? "/" : partner.getRawPath();
    return client.post(partner.getPort(), partner.getHost(), path)
        .timeout(millis)
        .putHeader("Content-Type", "application/json")
        .putHeader("x-openrtb-version", "2.6")
        .sendBuffer(body)
        .map(BaselineProxy::seatbids)
        .otherwise(failure -> new JsonArray());
  }

  private static JsonArray seatbids(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200 || response.body() == null || response.body().length() == 0) {
      return new JsonArray();
    }
    try {
      return response.body().toJsonObject().getValue("seatbid") instanceof JsonArray seatbid ? seatbid : new JsonArray();
    } catch (RuntimeException garbage) {
      return new JsonArray();
    }
  }

  private static void answer(HttpServerRequest request, Object id, List<JsonArray> seatbids) {
    var all = new JsonArray();
    for (JsonArray partnerSeatbids : seatbids) {
      partnerSeatbids.forEach(all::add);
    }
    var response = new JsonObject().put("id", id).put("seatbid", all).put("cur", "USD");
    request.response().putHeader("Content-Type", "application/json").end(response.toBuffer());
  }

  /** One listener; every instance shares the port. */
  private final class Listener extends VerticleBase {
    @Override
    public Future<?> start() {
      return vertx.createHttpServer(new HttpServerOptions()
              .setHost(settings.host())
              .setPort(settings.port())
              .setTcpNoDelay(true)
              .setCompressionSupported(false)
              .setDecompressionSupported(false)
              .setReuseAddress(true)
              .setIdleTimeout(30))
          .requestHandler(this::handleBounded)
          .listen()
          .onSuccess((HttpServer server) -> port.set(server.actualPort()));
    }

    private void handleBounded(HttpServerRequest request) {
      String length = request.getHeader("Content-Length");
      if (length != null && !(length.matches("\\d{1,9}") && Integer.parseInt(length) <= settings.maxBodyBytes())) {
        request.response().setStatusCode(413).putHeader("Connection", "close").end();
        return;
      }
      handle(request);
    }
  }
}
