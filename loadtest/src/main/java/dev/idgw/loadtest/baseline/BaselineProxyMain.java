package dev.idgw.loadtest.baseline;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp loadtest.jar dev.idgw.loadtest.baseline.BaselineProxyMain --port P --partner URL
 * [--partner URL …] [--instances N]}: runs the baseline proxy until the process is stopped. Prints
 * {@value #READY_LINE_PREFIX}{@code <port>} on stdout once it listens, which is what the scenario waits for.
 */
public final class BaselineProxyMain {
  public static final String READY_LINE_PREFIX = "baseline proxy listening on 127.0.0.1:";

  private BaselineProxyMain() {}

  public static void main(String[] args) throws Exception {
    int port = 0;
    Integer instances = null;
    List<URI> partners = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(require(args[i], value));
        case "--partner" -> partners.add(URI.create(require(args[i], value)));
        case "--instances" -> instances = Integer.parseInt(require(args[i], value));
        default -> {
          System.err.println("usage: BaselineProxyMain --port P --partner URL [--partner URL ...] [--instances N]");
          System.exit(2);
        }
      }
      i++;
    }
    BaselineSettings defaults = BaselineSettings.of(port, partners);
    BaselineSettings settings = instances == null ? defaults : new BaselineSettings(defaults.host(), port, partners,
        instances, defaults.connectTimeout(), defaults.maxConnectionsPerPartner(), defaults.defaultTmax(),
        defaults.maxTmax(), defaults.assemblyReserve(), defaults.maxBodyBytes());
    Vertx vertx = Vertx.vertx();
    BaselineProxy proxy = BaselineProxy.start(vertx, settings).await(30, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        proxy.stop().compose(stopped -> vertx.close()).await(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    System.out.println(READY_LINE_PREFIX + proxy.port());
    System.out.flush();
  }

  private static String require(String name, String value) {
    if (value == null) {
      System.err.println(name + " needs a value");
      System.exit(2);
    }
    return value;
  }
}
