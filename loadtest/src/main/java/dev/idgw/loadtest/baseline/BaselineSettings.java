package dev.idgw.loadtest.baseline;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The baseline proxy's settings; the defaults are the gateway's own ({@code fanOut.*}, {@code auction.*}).
 *
 * @param partners        partner endpoints, each gets every request
 * @param port            player port; 0 picks one (then only one listener instance can share it)
 * @param instances       listener verticles, one per event loop (the gateway deploys one per core)
 */
public record BaselineSettings(String host, int port, List<URI> partners, int instances, Duration connectTimeout,
    int maxConnectionsPerPartner, Duration defaultTmax, Duration maxTmax, Duration assemblyReserve,
    int maxBodyBytes) {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(100);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_PARTNER = 64;
  public static final Duration DEFAULT_TMAX = Duration.ofMillis(300);
  public static final Duration DEFAULT_MAX_TMAX = Duration.ofMillis(1000);
  public static final Duration DEFAULT_ASSEMBLY_RESERVE = Duration.ofMillis(10);
  public static final int DEFAULT_MAX_BODY_BYTES = 262_144;

  public BaselineSettings {
    partners = List.copyOf(partners);
    if (partners.isEmpty()) {
      throw new IllegalArgumentException("at least one partner endpoint is required");
    }
    for (URI partner : partners) {
      if (!"http".equals(partner.getScheme()) || partner.getHost() == null || partner.getPort() < 1) {
        throw new IllegalArgumentException("partner endpoint must be http://host:port/path, was " + partner);
      }
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1");
    }
  }

  /** Gateway defaults, one listener per core. */
  public static BaselineSettings of(int port, List<URI> partners) {
    return new BaselineSettings("127.0.0.1", port, partners,
        port == 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS_PER_PARTNER, DEFAULT_TMAX, DEFAULT_MAX_TMAX, DEFAULT_ASSEMBLY_RESERVE,
        DEFAULT_MAX_BODY_BYTES);
  }
}
