package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.CommandLine;
import dev.idgw.loadtest.TruthfulAdPodRequests;
import dev.idgw.loadtest.UsageException;
import dev.idgw.loadtest.fault.FaultPlan;
import dev.idgw.loadtest.fault.NamedFault;
import dev.idgw.loadtest.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code scenario} command line, validated.
 *
 * @param redisUri         an existing Redis to use (the run's keys get a prefix of their own), or null
 * @param redisServerConf  a redis-server config to start a private Redis with, or null
 * @param stepPercent      find-max: each step's rate is the previous one's times {@code 1 + stepPercent/100}
 * @param maxP99Millis     find-max: a step passes with p99 at most this…
 * @param maxErrorPercent  …errors (transport, timeouts, any status but 200/204) at most this share…
 * @param inconclusiveLagMillis find-max: a failed step whose generator fell this far behind is tried again
 * @param firstRequests    the first ad requests after start, per target, measured on their own (0: skip)
 * @param jvmOptions       given to both child JVMs (gateway and baseline), e.g. {@code -Xmx512m}
 * @param gatewayWarmup    the gateway's {@code server.warmup}, or null for the gateway's own default
 * @param htmlOut          where to write the HTML report; empty: beside {@code jsonOut} (if any) as .html
 * @param fault            a named fault injected during the gateway's measured phase, or empty: a plain run
 */
public record ScenarioOptions(
    Path gatewayJar, String redisUri, Path redisServerConf, Path jurisdictions,
    double rate, Duration duration, Duration warmup,
    int partners, Duration partnerLatency, Duration partnerTailLatency, double partnerFailurePercent, int bidsPerImp,
    int devices, boolean baseline, boolean findMax,
    double stepPercent, Duration stepDuration, Duration stepWarmup, int maxSteps, double maxP99Millis,
    double maxErrorPercent, double inconclusiveLagMillis, int firstRequests, Duration tmax, Duration timeout, int connections, long seed,
    double base64SmugglePercent, List<String> jvmOptions, Duration gatewayWarmup, Optional<Path> jsonOut,
    Optional<Path> htmlOut, boolean keepDir, Optional<FaultPlan> fault) {

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar loadtest.jar scenario [options]",
      "",
      "Starts stub partners (in this JVM), a private Redis or uses one, the gateway (and with --baseline the",
      "bare fan-out proxy) as child processes, seeds devices through the consent API, runs the load,",
      "checks every partner payload against the seeded truth and the share log, and prints the report.",
      "",
      "  --gateway-jar PATH         default gateway/target/gateway.jar",
      "  --redis-server CONF        start a private redis-server with CONF (default config/redis-sharelog.conf)",
      "  --redis URI                use this Redis instead (keys under a per-run prefix, left behind)",
      "  --jurisdictions PATH       default config/jurisdictions.yaml (copied for the gateway, read by the oracle)",
      "  --rate N                   arrival rate, req/s (default 500; the first step with --find-max)",
      "  --duration D               measured phase (default 20s)",
      "  --warmup D                 unrecorded phase before it, per target (default 20s)",
      "  --partners N               stub partners (default 3)",
      "  --partner-latency-ms N     every stub answer waits this long (default 5)",
      "  --partner-p99-ms N         1% of answers wait this long instead (default 0: no tail)",
      "  --partner-failure-pct X    share of answers that are 500s or garbage (default 0)",
      "  --bids-per-imp N           default 2 (15 s and 30 s)",
      "  --devices N                device pool, seeded with the realistic mix (default 2000)",
      "  --baseline                 also measure the bare fan-out proxy, side by side",
      "  --find-max                 step the rate up until p99 or errors exceed the limits, for each target",
      "  --step-pct X               find-max step (default 10)",
      "  --step-duration D          find-max measured time per step (default 10s)",
      "  --step-warmup D            find-max unrecorded time before each step (default 3s)",
      "  --max-steps N              find-max bound (default 40)",
      "  --max-p99-ms X             find-max limit; with --fault, the recovery limit (default 50)",
      "  --max-error-pct X          find-max limit; with --fault, the recovery limit (default 0.1)",
      "  --inconclusive-lag-ms X    find-max: a failed step is tried once more, and up to 4 times in all while",
      "                             the generator itself fell more than X ms behind (a machine stall; default 25)",
      "  --first-requests N         before any other load, N requests per target at 100 req/s: is the first",
      "                             as fast as the thousandth? (default 1000; 0 skips it)",
      "  --tmax-ms N                OpenRTB tmax in each request (default 300)",
      "  --timeout-ms N             generator's per-request timeout (default 1000)",
      "  --connections N            generator's connection pool (default 128)",
      "  --seed N                   device mix and request mix (default 1)",
      "  --smuggle-base64-pct X     requests carrying the email hash as base64 in app.content.series (default 5)",
      "  --jvm-opt OPT              option for both child JVMs, repeatable (e.g. --jvm-opt -Xmx1g)",
      "  --gateway-warmup D         the gateway's server.warmup (default: the gateway's own, 10s; tests that",
      "                             measure nothing use less: the first request's status is checked, not its time)",
      "  --json-out PATH            also write the report as JSON, and as HTML beside it (PATH with .html)",
      "  --html-out PATH            write the HTML report here (a page a person reads: verdict, checks, plots)",
      "  --keep-dir                 keep the temp dir (configs, logs) after the run",
      "  --fault NAME               inject one named fault into the gateway's measured phase (names below)",
      "  --fault-at D               when it starts, from the start of the measured phase (default --duration/3)",
      "  --fault-for D              how long it lasts (default --duration/3); the rest is the recovery window",
      "",
      "Faults (the gateway's own fault tests, by name; the gateway alone, not with --baseline or --find-max):",
      faultList(),
      "",
      "With --fault the report splits the run into before / during / after the fault, and the run also fails",
      "unless it recovered (second half of the after window: failures <= --max-error-pct, p99 <= --max-p99-ms)",
      "and every answer came within tmax + 50 ms of its send.",
      "",
      "Exit: 0 = checks passed, 1 = a violation, a missing share record, no recovery, a missed deadline or a",
      "failed start, 2 = bad arguments.");

  private static String faultList() {
    var lines = new ArrayList<String>();
    for (NamedFault fault : NamedFault.values()) {
      lines.add(String.format(java.util.Locale.ROOT, "  %-18s %s", fault.cliName(), fault.description()));
    }
    return String.join(System.lineSeparator(), lines);
  }

  private static final Set<String> FLAGS = Set.of("--baseline", "--find-max", "--keep-dir");

  public static ScenarioOptions parse(List<String> args) throws UsageException {
    var values = new java.util.LinkedHashMap<String, String>();
    var jvmOptions = new ArrayList<String>();
    var flags = new HashSet<String>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      String value = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new UsageException(name + " takes no value");
        }
        flags.add(name);
        continue;
      }
      if (!name.startsWith("--")) {
        throw new UsageException("unexpected argument: " + name);
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      if (name.equals("--jvm-opt")) {
        jvmOptions.add(value);
      } else if (values.put(name, value) != null) {
        throw new UsageException(name + " given more than once");
      }
    }
    var reader = new Reader(values);
    Path gatewayJar = Path.of(reader.text("--gateway-jar", "gateway/target/gateway.jar"));
    String redisUri = reader.text("--redis", null);
    String redisConf = reader.text("--redis-server", null);
    if (redisUri != null && redisConf != null) {
      throw new UsageException("give --redis or --redis-server, not both");
    }
    if (redisUri == null && redisConf == null) {
      redisConf = "config/redis-sharelog.conf";
    }
    if (redisUri != null && !redisUri.startsWith("redis://")) {
      throw new UsageException("--redis: expected redis://host:port, got '" + redisUri + "'");
    }
    var options = new ScenarioOptions(
        gatewayJar, redisUri, redisConf == null ? null : Path.of(redisConf),
        Path.of(reader.text("--jurisdictions", "config/jurisdictions.yaml")),
        reader.positive("--rate", 500), reader.duration("--duration", "20s"), reader.duration("--warmup", "20s"),
        (int) reader.integer("--partners", 3, 1, 32),
        Duration.ofMillis(reader.integer("--partner-latency-ms", 5, 0, 10_000)),
        Duration.ofMillis(reader.integer("--partner-p99-ms", 0, 0, 10_000)),
        reader.percent("--partner-failure-pct", 0),
        (int) reader.integer("--bids-per-imp", 2, 0, 10),
        (int) reader.integer("--devices", 2000, 1, 1_000_000),
        flags.contains("--baseline"), flags.contains("--find-max"),
        reader.positive("--step-pct", 10), reader.duration("--step-duration", "10s"),
        reader.duration("--step-warmup", "3s"), (int) reader.integer("--max-steps", 40, 1, 1000),
        reader.positive("--max-p99-ms", 50), reader.percent("--max-error-pct", 0.1),
        reader.positive("--inconclusive-lag-ms", 25),
        (int) reader.integer("--first-requests", 1000, 0, 100_000),
        Duration.ofMillis(reader.integer("--tmax-ms", 300, 20, 10_000)),
        Duration.ofMillis(reader.integer("--timeout-ms", 1000, 1, 60_000)),
        (int) reader.integer("--connections", 128, 1, 10_000),
        reader.integer("--seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
        reader.percent("--smuggle-base64-pct", 100 * TruthfulAdPodRequests.DEFAULT_BASE64_SMUGGLE_SHARE),
        jvmOptions, values.containsKey("--gateway-warmup") ? reader.duration("--gateway-warmup", null) : null,
        Optional.ofNullable(reader.text("--json-out", null)).map(Path::of),
        Optional.ofNullable(reader.text("--html-out", null)).map(Path::of),
        flags.contains("--keep-dir"), faultPlan(reader, values.containsKey("--redis")));
    reader.rejectUnknown();
    if (options.fault().isPresent() && (options.baseline() || options.findMax())) {
      throw new UsageException("--fault measures the gateway alone: leave out --baseline and --find-max");
    }
    return options;
  }

  private static Optional<FaultPlan> faultPlan(Reader reader, boolean externalRedis) throws UsageException {
    String name = reader.text("--fault", null);
    String at = reader.text("--fault-at", null);
    String lasting = reader.text("--fault-for", null);
    if (name == null) {
      if (at != null || lasting != null) {
        throw new UsageException("--fault-at and --fault-for need --fault");
      }
      return Optional.empty();
    }
    NamedFault fault = NamedFault.fromCliName(name).orElseThrow(() -> new UsageException(
        "--fault: unknown fault '" + name + "'; one of: " + NamedFault.cliNames()));
    if (fault.needsPrivateRedis() && externalRedis) {
      throw new UsageException("--fault " + name + " signals the redis-server process, which needs the private "
          + "Redis (--redis-server), not --redis");
    }
    Duration measured = reader.duration("--duration", "20s");
    Duration third = measured.dividedBy(3);
    try {
      return Optional.of(new FaultPlan(fault, at == null ? third : reader.duration("--fault-at", null),
          lasting == null ? third : reader.duration("--fault-for", null), measured));
    } catch (IllegalArgumentException impossible) {
      throw new UsageException(impossible.getMessage());
    }
  }

  /** Files the run needs, checked before anything starts. */
  public void requireFiles() throws UsageException {
    if (!Files.isRegularFile(gatewayJar)) {
      throw new UsageException("--gateway-jar: no file at " + gatewayJar.toAbsolutePath()
          + " (build it: mvn -q -B package -DskipTests)");
    }
    if (!Files.isRegularFile(jurisdictions)) {
      throw new UsageException("--jurisdictions: no file at " + jurisdictions.toAbsolutePath());
    }
    if (redisServerConf != null && !Files.isRegularFile(redisServerConf)) {
      throw new UsageException("--redis-server: no file at " + redisServerConf.toAbsolutePath());
    }
  }

  /** Where the HTML report goes: {@code --html-out}, else beside {@code --json-out}; empty when neither is given. */
  public Optional<Path> htmlReport() {
    return htmlOut.isPresent() ? htmlOut : jsonOut.map(HtmlReport::besideJson);
  }

  /** The Redis in words, for the report. */
  public String redisDescription() {
    return redisServerConf != null ? "private redis-server " + redisServerConf : "existing " + redisUri;
  }

  private static final class Reader {
    private final java.util.Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    Reader(java.util.Map<String, String> values) {
      this.values = values;
    }

    String text(String name, String fallback) {
      read.add(name);
      return values.getOrDefault(name, fallback);
    }

    Duration duration(String name, String fallback) throws UsageException {
      String value = text(name, fallback);
      Duration parsed;
      try {
        parsed = CommandLine.parseDuration(value);
      } catch (UsageException bad) {
        throw new UsageException(name + ": " + bad.getMessage());
      }
      if (parsed.isNegative()) {
        throw new UsageException(name + ": must not be negative");
      }
      return parsed;
    }

    long integer(String name, long fallback, long min, long max) throws UsageException {
      String value = text(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        long parsed = Long.parseLong(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      throw new UsageException(name + ": expected an integer in [" + min + ", " + max + "], got '" + value + "'");
    }

    double positive(String name, double fallback) throws UsageException {
      String value = text(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        double parsed = Double.parseDouble(value);
        if (Double.isFinite(parsed) && parsed > 0) {
          return parsed;
        }
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      throw new UsageException(name + ": expected a positive number, got '" + value + "'");
    }

    double percent(String name, double fallback) throws UsageException {
      String value = text(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        double parsed = Double.parseDouble(value);
        if (parsed >= 0 && parsed <= 100) {
          return parsed;
        }
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      throw new UsageException(name + ": expected a percentage 0-100, got '" + value + "'");
    }

    void rejectUnknown() throws UsageException {
      for (String name : values.keySet()) {
        if (!read.contains(name)) {
          throw new UsageException("unknown option: " + name);
        }
      }
    }
  }
}
