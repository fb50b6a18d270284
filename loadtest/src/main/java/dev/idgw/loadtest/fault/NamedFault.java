package dev.idgw.loadtest.fault;

import dev.idgw.testkit.fault.ProxyMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The faults a scenario can inject, by the names the gateway's fault tests use
 * ({@code gateway/src/test/java/dev/idgw/gateway/faults/FaultScenario.java}), lower case with dashes.
 */
public enum NamedFault {
  PARTNER_HANG(Where.PARTNER_PROXY,
      "the first partner accepts connections and never answers (proxy blackhole)"),
  PARTNER_RESET(Where.PARTNER_PROXY,
      "the first partner's connections are reset with RST, open ones and new ones (proxy reset)"),
  PARTNER_GARBAGE(Where.PARTNER_STUB,
      "the first partner answers 200 with bytes that are not JSON (the stub itself)"),
  PARTNER_SLOW_P99(Where.PARTNER_PROXY,
      "1 % of the first partner's requests are held 500 ms, past its 150 ms timeout (proxy latency)"),
  REDIS_BLACKHOLE(Where.REDIS_PROXY,
      "Redis stops answering, connections left open (proxy blackhole): a hang, not a refusal"),
  REDIS_RESET(Where.REDIS_PROXY,
      "Redis connections are reset with RST and reconnects refused the same way (proxy reset)"),
  REDIS_STRANDED(Where.REDIS_PROXY,
      "the open Redis connections go silent for good, never closed; new ones work (proxy strand): the gateway "
          + "must notice and replace them itself"),
  REDIS_SLOW(Where.REDIS_PROXY,
      "every Redis reply arrives 150 ms late, after the gateway's 50 ms command timeout (proxy latency)"),
  REDIS_PAUSED(Where.REDIS_PROCESS,
      "the private redis-server is frozen with SIGSTOP, then thawed with SIGCONT"),
  REDIS_KILLED(Where.REDIS_PROCESS,
      "the private redis-server is SIGKILLed, then restarted on its dir, port and config (reloads its AOF)"),
  BURST_3X(Where.ARRIVAL_RATE,
      "three times --rate for the fault window, then --rate again");

  /** The burst's rate, as a multiple of {@code --rate}. */
  public static final double BURST_MULTIPLIER = 3;
  /** Past the 150 ms partner timeout the scenario writes, and past tmax: an answer that waited for it is late. */
  static final Duration PARTNER_TAIL_DELAY = Duration.ofMillis(500);
  static final double PARTNER_TAIL_FRACTION = 0.01;
  /** Three times the gateway's default {@code redis.commandTimeout} (50 ms), which the scenario leaves as it is. */
  static final Duration REDIS_REPLY_DELAY = Duration.ofMillis(150);

  /** What the fault acts on; decides what the scenario puts in place before the gateway starts. */
  public enum Where {
    /** A fault proxy between the gateway and the first stub partner. */
    PARTNER_PROXY,
    /** The first stub partner's own answers. */
    PARTNER_STUB,
    /** A fault proxy between the gateway and Redis. */
    REDIS_PROXY,
    /** The private redis-server process: only when the scenario started it. */
    REDIS_PROCESS,
    /** The generator's arrival schedule. */
    ARRIVAL_RATE
  }

  private final Where where;
  private final String description;

  NamedFault(Where where, String description) {
    this.where = where;
    this.description = description;
  }

  public Where where() {
    return where;
  }

  public String description() {
    return description;
  }

  /** The proxy's mode while the fault is on, for the faults a proxy injects. */
  public Optional<ProxyMode> proxyMode() {
    return Optional.ofNullable(switch (this) {
      case PARTNER_HANG, REDIS_BLACKHOLE -> ProxyMode.BLACKHOLE;
      case PARTNER_RESET, REDIS_RESET -> ProxyMode.RESET;
      case REDIS_STRANDED -> ProxyMode.STRAND;
      case PARTNER_SLOW_P99 -> new ProxyMode.TailLatency(PARTNER_TAIL_DELAY, PARTNER_TAIL_FRACTION);
      case REDIS_SLOW -> new ProxyMode.Latency(REDIS_REPLY_DELAY);
      default -> null;
    });
  }

  /** Faults that signal the redis-server process, which only a private Redis allows. */
  public boolean needsPrivateRedis() {
    return where == Where.REDIS_PROCESS;
  }

  /** The command-line name, e.g. {@code partner-slow-p99}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<NamedFault> fromCliName(String name) {
    return Arrays.stream(values()).filter(fault -> fault.cliName().equals(name)).findFirst();
  }

  /** Every name, comma-separated, for an error message. */
  public static String cliNames() {
    return Arrays.stream(values()).map(NamedFault::cliName).collect(Collectors.joining(", "));
  }
}
