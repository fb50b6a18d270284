package dev.idgw.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One load run, validated once. The target must be loopback unless {@code allowNonLoopback}: this
 * workplace forbids generating load against other addresses, and the check lives here so in-process
 * callers get it too, not only the command line.
 *
 * @param target         where to POST; a bare origin gets {@link #DEFAULT_PATH}
 * @param ratePerSecond  intended arrival rate, independent of how fast responses come back
 * @param duration       the recorded part of the run
 * @param warmup         sent at the same rate before {@code duration}, never recorded
 * @param connections    HTTP/1.1 connection pool size
 * @param timeout        per request, from when it is actually sent to the end of the response body
 * @param tmax           the OpenRTB {@code tmax} put in each request
 * @param maxInFlight    above this many outstanding requests, new ones are dropped and counted
 * @param devices        the {@code device.ifa} pool
 * @param seed           makes the request mix reproducible
 * @param label          names the run in reports
 * @param headers        added to every request (e.g. credentials the gateway asks for)
 */
public record LoadTestConfig(
    URI target,
    double ratePerSecond,
    Duration duration,
    Duration warmup,
    int connections,
    Duration timeout,
    Duration tmax,
    int maxInFlight,
    DevicePool devices,
    long seed,
    String label,
    Map<String, String> headers,
    boolean allowNonLoopback) {

  public static final String DEFAULT_PATH = "/openrtb2/adpod";
  public static final double DEFAULT_RATE_PER_SECOND = 100;
  public static final double MAX_RATE_PER_SECOND = 1_000_000;
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
  public static final int DEFAULT_CONNECTIONS = 64;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
  public static final Duration DEFAULT_TMAX = Duration.ofMillis(300);
  public static final int DEFAULT_MAX_IN_FLIGHT = 2000;
  public static final int DEFAULT_DEVICES = 1000;
  public static final long DEFAULT_SEED = 1;
  public static final String DEFAULT_LABEL = "loadtest";

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  public LoadTestConfig {
    target = withDefaultPath(target, allowNonLoopback);
    if (!(ratePerSecond > 0 && ratePerSecond <= MAX_RATE_PER_SECOND)) {
      throw new IllegalArgumentException("rate must be in (0, " + (long) MAX_RATE_PER_SECOND + "], was " + ratePerSecond);
    }
    requirePositive("duration", duration);
    if (warmup == null || warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
    }
    if (connections < 1 || connections > 10_000) {
      throw new IllegalArgumentException("connections must be in [1, 10000], was " + connections);
    }
    requirePositive("timeout", timeout);
    requirePositive("tmax", tmax);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max in-flight must be >= 1, was " + maxInFlight);
    }
    if (devices == null) {
      throw new IllegalArgumentException("devices is required");
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
    headers = Map.copyOf(headers);
    headers.forEach((name, value) -> {
      if (!HEADER_NAME.matcher(name).matches() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("invalid header: " + name);
      }
    });
  }

  public static Builder builder(URI target) {
    return new Builder().target(target);
  }

  /** A builder whose target must still be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Requests in the warmup, then in the recorded part: {@code round(seconds * rate)} each. */
  long warmupRequests() {
    return requestsIn(warmup);
  }

  long measuredRequests() {
    return Math.max(1, requestsIn(duration));
  }

  private long requestsIn(Duration span) {
    return Math.round(span.toNanos() / 1e9 * ratePerSecond);
  }

  private static URI withDefaultPath(URI target, boolean allowNonLoopback) {
    if (target == null) {
      throw new IllegalArgumentException("target is required");
    }
    if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
      throw new IllegalArgumentException("target must be an http:// URL with a host, was " + target);
    }
    if (target.getUserInfo() != null || target.getFragment() != null) {
      throw new IllegalArgumentException("target must not carry user info or a fragment: " + target);
    }
    if (!allowNonLoopback && !LoopbackHosts.isLoopback(target.getHost())) {
      throw new IllegalArgumentException("refusing non-loopback target host " + target.getHost()
          + " (only 127.0.0.0/8, localhost and ::1; --allow-non-loopback overrides)");
    }
    String path = target.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return URI.create(target.getScheme() + "://" + target.getRawAuthority() + DEFAULT_PATH
          + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }
    return target;
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  /** Defaults for everything but the target, so callers state only what matters to them. */
  public static final class Builder {
    private URI target;
    private double ratePerSecond = DEFAULT_RATE_PER_SECOND;
    private Duration duration = DEFAULT_DURATION;
    private Duration warmup = DEFAULT_WARMUP;
    private int connections = DEFAULT_CONNECTIONS;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration tmax = DEFAULT_TMAX;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private DevicePool devices;
    private int deviceCount = DEFAULT_DEVICES;
    private long seed = DEFAULT_SEED;
    private String label = DEFAULT_LABEL;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean allowNonLoopback;

    private Builder() {}

    public Builder target(URI value) { target = value; return this; }
    public Builder ratePerSecond(double value) { ratePerSecond = value; return this; }
    public Builder duration(Duration value) { duration = value; return this; }
    public Builder warmup(Duration value) { warmup = value; return this; }
    public Builder connections(int value) { connections = value; return this; }
    public Builder timeout(Duration value) { timeout = value; return this; }
    public Builder tmax(Duration value) { tmax = value; return this; }
    public Builder maxInFlight(int value) { maxInFlight = value; return this; }
    /** A fixed pool; overrides {@link #deviceCount}. */
    public Builder devices(DevicePool value) { devices = value; return this; }
    /** Size of a random pool drawn from the seed, used when no fixed pool is given. */
    public Builder deviceCount(int value) { deviceCount = value; return this; }
    public Builder seed(long value) { seed = value; return this; }
    public Builder label(String value) { label = value; return this; }
    public Builder header(String name, String value) { headers.put(name, value); return this; }
    public Builder allowNonLoopback(boolean value) { allowNonLoopback = value; return this; }

    public LoadTestConfig build() {
      DevicePool pool = devices != null ? devices : DevicePool.random(deviceCount, seed);
      return new LoadTestConfig(target, ratePerSecond, duration, warmup, connections, timeout, tmax,
          maxInFlight, pool, seed, label, headers, allowNonLoopback);
    }
  }
}
