package dev.idgw.loadtest;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parsed command line: a validated run plus where to write the JSON report.
 *
 * @param config   the run
 * @param jsonOut  where to write the report as JSON, if anywhere
 */
public record CommandLine(LoadTestConfig config, Optional<Path> jsonOut) {

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar loadtest.jar --target URL --rate N --duration D [options]",
      "       java -jar loadtest.jar scenario --help   (stubs + gateway + checks + baseline in one command)",
      "",
      "  --target URL            gateway origin or full URL; a bare origin gets " + LoadTestConfig.DEFAULT_PATH,
      "                          (loopback only: 127.0.0.0/8, localhost, ::1)",
      "  --rate N                intended requests per second (open model: sent regardless of responses)",
      "  --duration D            recorded part of the run, e.g. 30s, 500ms, 2m",
      "  --warmup D              sent at the same rate first, not recorded (default 5s)",
      "  --connections N         HTTP/1.1 connection pool size (default 64)",
      "  --timeout-ms N          per-request timeout (default 1000)",
      "  --tmax-ms N             OpenRTB tmax in each request (default 300)",
      "  --max-inflight N        outstanding requests before new ones are dropped (default 2000)",
      "  --devices N             random device-id pool size (default 1000)",
      "  --devices-file PATH     device ids, one per line (instead of --devices)",
      "  --seed N                request mix seed (default 1)",
      "  --label NAME            names the run in the report (default loadtest)",
      "  --header 'Name: value'  extra request header, repeatable",
      "  --json-out PATH         also write the report as JSON",
      "  --allow-non-loopback    permit a target that is not loopback",
      "  -h, --help              show this help");

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Set<String> REQUIRED = Set.of("--target", "--rate", "--duration");
  private static final Set<String> FLAGS = Set.of("--allow-non-loopback");
  private static final Set<String> OPTIONS = Set.of("--target", "--rate", "--duration", "--warmup",
      "--connections", "--timeout-ms", "--tmax-ms", "--max-inflight", "--devices", "--devices-file", "--seed",
      "--label", "--header", "--json-out");

  /**
   * Accepts {@code --name value} and {@code --name=value}.
   *
   * @throws UsageException for anything wrong with the arguments, including a refused target
   * @throws IOException    when the devices file cannot be read
   */
  public static CommandLine parse(List<String> args) throws UsageException, IOException {
    Path devicesFile = null;
    Integer deviceCount = null;
    Path jsonOut = null;
    var seen = new HashSet<String>();
    var builder = LoadTestConfig.builder();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (FLAGS.contains(name)) {
        if (value != null) {
          throw new UsageException(name + " takes no value");
        }
        builder.allowNonLoopback(true);
        continue;
      }
      if (!OPTIONS.contains(name)) {
        throw new UsageException("unknown argument: " + arg);
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      if (!name.equals("--header") && !seen.add(name)) {
        throw new UsageException(name + " given more than once");
      }
      switch (name) {
        case "--target" -> builder.target(parseTarget(value));
        case "--rate" -> builder.ratePerSecond(parseRate(value));
        case "--duration" -> builder.duration(parseDuration(name, value));
        case "--warmup" -> builder.warmup(parseDuration(name, value));
        case "--connections" -> builder.connections(parseInt(name, value, 1));
        case "--timeout-ms" -> builder.timeout(Duration.ofMillis(parseInt(name, value, 1)));
        case "--tmax-ms" -> builder.tmax(Duration.ofMillis(parseInt(name, value, 1)));
        case "--max-inflight" -> builder.maxInFlight(parseInt(name, value, 1));
        case "--devices" -> deviceCount = parseInt(name, value, 1);
        case "--devices-file" -> devicesFile = Path.of(value);
        case "--seed" -> builder.seed(parseLong(name, value));
        case "--label" -> builder.label(value);
        case "--header" -> addHeader(builder, value);
        case "--json-out" -> jsonOut = Path.of(value);
        default -> throw new IllegalStateException("option without a case: " + name);
      }
    }
    if (!seen.containsAll(REQUIRED)) {
      throw new UsageException("--target, --rate and --duration are required");
    }
    if (devicesFile != null && deviceCount != null) {
      throw new UsageException("give --devices or --devices-file, not both");
    }
    if (deviceCount != null) {
      builder.deviceCount(deviceCount);
    }
    if (devicesFile != null) {
      builder.devices(DevicePool.fromFile(devicesFile));
    }
    try {
      return new CommandLine(builder.build(), Optional.ofNullable(jsonOut));
    } catch (IllegalArgumentException invalid) {
      throw new UsageException(invalid.getMessage());
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; decimals allowed ({@code 1.5s}). */
  public static Duration parseDuration(String text) throws UsageException {
    return parseDuration("duration", text);
  }

  private static Duration parseDuration(String name, String text) throws UsageException {
    var matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new UsageException(name + ": expected a duration like 500ms, 30s or 2m, got '" + text + "'");
    }
    long nanosPerUnit = switch (matcher.group(2)) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      default -> 3_600_000_000_000L;
    };
    try {
      long nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact();
      return Duration.ofNanos(nanos);
    } catch (ArithmeticException tooLarge) {
      throw new UsageException(name + ": duration out of range: " + text);
    }
  }

  private static URI parseTarget(String value) throws UsageException {
    try {
      return new URI(value);
    } catch (URISyntaxException malformed) {
      throw new UsageException("--target: not a URL: " + value);
    }
  }

  private static double parseRate(String value) throws UsageException {
    try {
      double rate = Double.parseDouble(value);
      if (Double.isFinite(rate) && rate > 0) {
        return rate;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new UsageException("--rate: expected a positive number, got '" + value + "'");
  }

  private static int parseInt(String name, String value, int min) throws UsageException {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new UsageException(name + ": expected an integer >= " + min + ", got '" + value + "'");
  }

  private static long parseLong(String name, String value) throws UsageException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException notANumber) {
      throw new UsageException(name + ": expected an integer, got '" + value + "'");
    }
  }

  private static void addHeader(LoadTestConfig.Builder builder, String value) throws UsageException {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new UsageException("--header: expected 'Name: value', got '" + value + "'");
    }
    builder.header(value.substring(0, colon).strip(), value.substring(colon + 1).strip());
  }
}
