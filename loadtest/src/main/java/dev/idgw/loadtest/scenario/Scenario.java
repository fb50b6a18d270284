package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.DevicePool;
import dev.idgw.loadtest.LoadReport;
import dev.idgw.loadtest.LoadTest;
import dev.idgw.loadtest.LoadTestConfig;
import dev.idgw.loadtest.RunHooks;
import dev.idgw.loadtest.TruthfulAdPodRequests;
import dev.idgw.loadtest.baseline.BaselineProxyMain;
import dev.idgw.loadtest.fault.FaultInjector;
import dev.idgw.loadtest.fault.FaultPlan;
import dev.idgw.loadtest.fault.FaultReport;
import dev.idgw.loadtest.fault.FaultRun;
import dev.idgw.loadtest.fault.NamedFault;
import dev.idgw.loadtest.stub.CheckLedger;
import dev.idgw.loadtest.stub.PartnerProfile;
import dev.idgw.loadtest.stub.StubBehavior;
import dev.idgw.loadtest.stub.StubPartners;
import dev.idgw.loadtest.truth.DeviceMix;
import dev.idgw.loadtest.truth.DeviceTruth;
import dev.idgw.loadtest.truth.IdentityOracle;
import dev.idgw.loadtest.truth.PayloadInspector;
import dev.idgw.loadtest.truth.RegionRules;
import dev.idgw.loadtest.truth.TruthRegistry;
import dev.idgw.testkit.fault.TcpFaultProxy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One scenario run, start to finish. {@link #run} sets everything up, measures, checks and tears down;
 * every process it started is stopped on the way out, whatever happens (a shutdown hook covers Ctrl-C).
 */
public final class Scenario {
  static final String GATEWAY = "gateway";
  static final String BASELINE = "baseline";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration STRAGGLER_GRACE = Duration.ofMillis(500);

  private final ScenarioOptions options;
  private final PrintStream log;
  private final String runId = GatewayFiles.randomToken().substring(0, 8);
  private final AtomicBoolean stopped = new AtomicBoolean();
  /** Java children (gateway, baseline); Redis is stopped after them, on its own. */
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final TruthRegistry registry = new TruthRegistry();
  private final CheckLedger ledger = new CheckLedger();
  private final List<TargetRun> runs = new ArrayList<>();
  private StubPartners stubs;
  private PrivateRedis redis;
  /** In front of the first stub partner or of Redis, only when the fault needs one. */
  private TcpFaultProxy faultProxy;
  private FaultInjector faultInjector;
  private volatile FaultRun activeFault;
  private FaultReport faultReport;
  private ChildProcess gateway;
  private ChildProcess baseline;
  private Path workDir;
  private DevicePool devicePool;
  private TruthfulAdPodRequests requests;

  public Scenario(ScenarioOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Runs the whole scenario; progress goes to the log stream, the result is returned. */
  public ScenarioResult run() throws Exception {
    Thread hook = new Thread(this::stopEverything, "scenario-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    var result = new ScenarioResult.Builder(options, runId);
    try {
      runInside(result);
      return result.build();
    } finally {
      stopEverything();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: nothing left to undo
      }
    }
  }

  private void runInside(ScenarioResult.Builder result) throws Exception {
    result.loadAverageAtStart(ProcessCpu.loadAverage());
    workDir = Files.createTempDirectory("idgw-scenario-");
    log.printf(Locale.ROOT, "scenario %s: work dir %s, load average %s, %d cores%n", runId, workDir,
        ProcessCpu.loadAverage(), Runtime.getRuntime().availableProcessors());

    // The rules in force now: the gateway decides by its clock, the oracle by the same day.
    RegionRules regions = RegionRules.fromJurisdictionsFile(options.jurisdictions(), Instant.now());
    List<DeviceTruth> devices = DeviceMix.generate(options.devices(), options.seed());
    result.devices(devices);
    var inspector = new PayloadInspector(new IdentityOracle(regions));
    var behavior = new StubBehavior(options.partnerLatency(), options.partnerTailLatency(), options.bidsPerImp(),
        options.partnerFailurePercent() / 100.0, options.seed());
    stubs = StubPartners.start(PartnerProfile.standard(options.partners()), behavior, registry, inspector, ledger);
    result.partners(stubs.profiles());
    warmUpStubs(devices, inspector);
    log.println("stub partners: " + stubs.origins());
    NamedFault fault = options.fault().map(FaultPlan::fault).orElse(null);
    PartnerProfile faultyPartner = stubs.profiles().get(0);
    if (fault != null && fault.where() == NamedFault.Where.PARTNER_PROXY) {
      faultProxy = TcpFaultProxy.start("127.0.0.1", URI.create(stubs.origin(faultyPartner)).getPort());
      log.println("fault proxy for " + faultyPartner.id() + " on port " + faultProxy.port());
    }

    String redisUri = options.redisUri();
    if (options.redisServerConf() != null) {
      redis = PrivateRedis.start(options.redisServerConf(), workDir.resolve("redis"), Duration.ofSeconds(20));
      int port = redis.port();
      redisUri = "redis://127.0.0.1:" + port;
      String fsync = redis.appendFsync();
      result.redis(options.redisDescription() + " on port " + port + " (appendfsync " + fsync + ")");
      log.println("redis: " + options.redisServerConf() + " on port " + port + ", appendfsync " + fsync);
    } else {
      result.redis(options.redisDescription());
    }

    String gatewayRedisUri = redisUri;
    if (fault != null && fault.where() == NamedFault.Where.REDIS_PROXY) {
      URI direct = URI.create(redisUri);
      faultProxy = TcpFaultProxy.start(direct.getHost(), direct.getPort());
      gatewayRedisUri = viaProxy(direct, faultProxy.port());
      log.println("fault proxy for Redis on port " + faultProxy.port());
    }
    if (fault != null) {
      faultInjector = injectorFor(fault, faultyPartner);
    }

    var partnerOrigins = new LinkedHashMap<PartnerProfile, String>();
    stubs.profiles().forEach(profile -> partnerOrigins.put(profile, stubs.origin(profile)));
    if (faultProxy != null && fault.where() == NamedFault.Where.PARTNER_PROXY) {
      partnerOrigins.put(faultyPartner, "http://127.0.0.1:" + faultProxy.port());
    }
    GatewayFiles files = GatewayFiles.write(workDir, freePort(), freePort(), gatewayRedisUri, runId, partnerOrigins,
        options.jurisdictions(), options.gatewayWarmup());
    if (options.redisUri() != null) {
      log.println("note: keys of this run stay in " + redisUri + " under the prefix " + files.keyPrefix() + ":");
    }
    gateway = startJava(GATEWAY, List.of("-jar", options.gatewayJar().toAbsolutePath().toString(), "serve",
        "--config", files.gatewayYaml().toString()));
    waitUntilAnswering(gateway, files.playerOrigin() + "/health/live");
    waitUntilAnswering(gateway, files.internalOrigin() + "/compliance/v1/keys");
    log.println("gateway: pid " + gateway.pid() + " on " + files.playerOrigin() + ", internal "
        + files.internalOrigin());

    URI baselineOrigin = null;
    if (options.baseline()) {
      int port = freePort();
      var command = new ArrayList<>(List.of("-cp", absoluteClassPath(),
          BaselineProxyMain.class.getName(), "--port", Integer.toString(port)));
      stubs.baselineEndpoints().forEach(endpoint -> command.addAll(List.of("--partner", endpoint)));
      baseline = startJava(BASELINE, command);
      baselineOrigin = URI.create("http://127.0.0.1:" + port);
      waitUntilAnswering(baseline, baselineOrigin + "/");
      log.println("baseline proxy: pid " + baseline.pid() + " on " + baselineOrigin);
    }

    long from = Instant.now().minusSeconds(1).toEpochMilli();
    ConsentSeeder.Result seeded = ConsentSeeder.seed(http, files.internalOrigin(), files.consentToken(), devices);
    result.seeded(seeded.written());
    if (seeded.failed() > 0) {
      throw new IllegalStateException("consent API refused " + seeded.failed() + " of the seeded records, first: "
          + seeded.firstFailure());
    }
    log.println("seeded " + seeded.written() + " consent records through the consent API ("
        + (devices.size() - seeded.written()) + " devices deliberately without one)");

    devicePool = new DevicePool(devices.stream().map(DeviceTruth::deviceId).toList());
    requests = new TruthfulAdPodRequests(devices, registry, options.tmax(), options.seed(), "lt-" + runId,
        options.base64SmugglePercent() / 100.0);
    var targets = new LinkedHashMap<String, URI>();
    if (baselineOrigin != null) {
      targets.put(BASELINE, baselineOrigin);
    }
    targets.put(GATEWAY, URI.create(files.playerOrigin()));

    result.loadAverageBeforeLoad(ProcessCpu.loadAverage());
    if (options.firstRequests() > 0) {
      result.firstRequests(firstRequests(targets));
    }
    if (options.findMax()) {
      findMax(targets, result);
    } else {
      for (var target : targets.entrySet()) {
        measure(target.getKey(), target.getValue(), "fixed", options.rate(), options.warmup(), options.duration());
      }
    }
    result.loadAverageAfterLoad(ProcessCpu.loadAverage());
    result.runs(runs);
    if (faultReport != null) {
      result.fault(faultReport);
    }
    if (!gateway.isAlive()) {
      throw new IllegalStateException("the gateway exited during the run: " + gateway.logTail(20));
    }
    stubs.judgePending(); // any payload that came after the last phase's grace is judged too, not dropped
    log.println("pulling share records from the compliance API ...");
    result.coverage(ShareCoverage.check(http, files.internalOrigin(), files.complianceToken(), from,
        ledger.sentIdentities()));
    result.checks(ledger);
  }

  /** A few thousand requests through the stubs and the inspector, with a payload like the gateway's. */
  private void warmUpStubs(List<DeviceTruth> devices, PayloadInspector inspector) throws Exception {
    var warmRegistry = new TruthRegistry();
    var sample = new TruthfulAdPodRequests(devices, warmRegistry, options.tmax(), options.seed(), "warm");
    var request = sample.next(0);
    var truth = warmRegistry.lookup("warm-0");
    stubs.warmUp(request.body(), 1500, inspector, truth);
  }

  /**
   * Each target climbs from --rate in --step-pct steps. A failed step is tried once more before it counts, and
   * again (up to {@link #MAX_ATTEMPTS} in all) while the failed try saw the generator itself fall behind by
   * more than --inconclusive-lag-ms: then the machine stalled everything on it (the generator and stubs
   * included), and the step says nothing about the target. The rule is the same for both targets.
   */
  private void findMax(Map<String, URI> targets, ScenarioResult.Builder result) throws InterruptedException {
    var climbing = new LinkedHashMap<>(targets);
    var maxima = new LinkedHashMap<String, Double>();
    targets.keySet().forEach(name -> maxima.put(name, 0.0));
    double rate = options.rate();
    boolean first = true;
    for (int step = 1; step <= options.maxSteps() && !climbing.isEmpty(); step++) {
      for (var target : new ArrayList<>(climbing.entrySet())) {
        Duration warmup = first ? options.warmup() : options.stepWarmup();
        TargetRun run = measure(target.getKey(), target.getValue(), "step-" + step, rate, warmup,
            options.stepDuration());
        for (int attempt = 2; attempt <= MAX_ATTEMPTS && !sustainable(run)
            && (attempt == 2 || generatorStalled(run)); attempt++) {
          log.printf(Locale.ROOT, "%s did not sustain %.0f req/s (p99 %.1f ms, failures %.3f%%, achieved %.0f, "
                  + "generator lag %.1f ms); try %d of %d%n",
              target.getKey(), rate, run.report().latency().p99Millis(), run.failurePercent(),
              run.report().achievedRatePerSecond(), lagMillis(run), attempt, MAX_ATTEMPTS);
          run = measure(target.getKey(), target.getValue(), "step-" + step + "-try-" + attempt, rate,
              options.stepWarmup(), options.stepDuration());
        }
        if (sustainable(run)) {
          maxima.put(target.getKey(), rate);
        } else {
          climbing.remove(target.getKey());
        }
      }
      first = false;
      rate = Math.max(rate + 1, Math.round(rate * (1 + options.stepPercent() / 100.0)));
    }
    result.maxima(maxima, new ArrayList<>(climbing.keySet()));
    double gatewayMax = maxima.get(GATEWAY);
    if (gatewayMax > 0) {
      double half = Math.round(gatewayMax / 2);
      log.printf(Locale.ROOT, "side by side at half the gateway's maximum: %.0f req/s%n", half);
      for (var target : targets.entrySet()) {
        measure(target.getKey(), target.getValue(), "half-max", half, options.stepWarmup(), options.duration());
      }
    }
  }

  /** Each target's first ad requests after its start, before any other load reaches it. */
  private List<FirstRequests.Summary> firstRequests(Map<String, URI> targets) throws InterruptedException {
    var summaries = new ArrayList<FirstRequests.Summary>();
    Duration duration = Duration.ofMillis(Math.round(options.firstRequests() * 1000 / FirstRequests.RATE));
    for (var target : targets.entrySet()) {
      String label = target.getKey() + "-first";
      log.printf(Locale.ROOT, "%s: the first %d ad requests after start, at %.0f req/s%n", target.getKey(),
          options.firstRequests(), FirstRequests.RATE);
      var observer = new FirstRequests();
      LoadTest.run(config(target.getValue(), label, FirstRequests.RATE, duration), requests,
          new RunHooks(java.util.Optional.empty(), observer), progress(label));
      Thread.sleep(STRAGGLER_GRACE.toMillis());
      stubs.judgePending();
      registry.forgetAll();
      FirstRequests.Summary summary = observer.summary(target.getKey());
      summaries.add(summary);
      log.printf(Locale.ROOT, "%s: first request %.2f ms, slowest of the first 10 %.2f ms, median of the first 100 "
              + "%.2f ms, of the last 100 %.2f ms (service time)%n", target.getKey(), summary.firstMillis(),
          summary.maxFirstTenMillis(), summary.p50FirstHundredMillis(), summary.p50LastHundredMillis());
    }
    return summaries;
  }

  /** Tries of one find-max step at most: the first, one plain retry, two more after generator stalls. */
  private static final int MAX_ATTEMPTS = 4;

  private boolean generatorStalled(TargetRun run) {
    return lagMillis(run) > options.inconclusiveLagMillis();
  }

  private static double lagMillis(TargetRun run) {
    return run.report().maxGeneratorLag().toNanos() / 1e6;
  }

  private boolean sustainable(TargetRun run) {
    return run.sustainable(options.maxP99Millis(), options.maxErrorPercent());
  }

  private TargetRun measure(String name, URI origin, String phase, double rate, Duration warmup, Duration duration)
      throws InterruptedException {
    String label = name + "@" + Math.round(rate);
    if (!warmup.isZero()) {
      log.printf(Locale.ROOT, "%s: warm-up %.0f s at %.0f req/s%n", label, warmup.toMillis() / 1000.0, rate);
      LoadTest.run(config(origin, label + "-warmup", rate, warmup), requests, progress(label));
      Thread.sleep(STRAGGLER_GRACE.toMillis());
      stubs.judgePending(); // outside the measured phase: judging is the generator JVM's heaviest work
    }
    log.printf(Locale.ROOT, "%s: measuring %.0f s (%s)%n", label, duration.toMillis() / 1000.0, phase);
    ChildProcess process = name.equals(GATEWAY) ? gateway : baseline;
    OptionalLong cpu0 = process.cpuNanos();
    OptionalLong redis0 = redis == null ? OptionalLong.empty() : redis.cpuNanos();
    OptionalLong self0 = ProcessCpu.selfCpuNanos();
    FaultRun faultRun = null;
    if (faultInjector != null && name.equals(GATEWAY)) {
      faultRun = FaultRun.start(options.fault().orElseThrow(), faultInjector, FaultReport.deadlineFor(options.tmax()),
          ledger, log::println);
      activeFault = faultRun;
    }
    LoadReport report;
    try {
      report = LoadTest.run(config(origin, label, rate, duration), requests,
          faultRun == null ? RunHooks.NONE : faultRun.hooks(rate), progress(label));
    } catch (RuntimeException failed) {
      if (faultRun != null) {
        faultRun.liftNow();
      }
      throw failed;
    }
    var run = new TargetRun(name, phase, rate, report, minus(process.cpuNanos(), cpu0),
        redis == null ? OptionalLong.empty() : minus(redis.cpuNanos(), redis0),
        minus(ProcessCpu.selfCpuNanos(), self0));
    runs.add(run);
    Thread.sleep(STRAGGLER_GRACE.toMillis()); // late partner calls still find their truth
    stubs.judgePending();
    log.printf(Locale.ROOT, "%s: achieved %.1f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, failures %d, "
            + "CPU %.1f ms per 1k requests; payload checks so far: %d payloads, %d violations%n",
        label, report.achievedRatePerSecond(), report.latency().p50Millis(), report.latency().p99Millis(),
        report.latency().p999Millis(), run.failures(), run.cpuMillisPerThousand(), ledger.payloads(),
        ledger.violations());
    registry.forgetAll();
    if (faultRun != null) {
      faultReport = faultRun.report(options.maxP99Millis(), options.maxErrorPercent());
      activeFault = null;
      log.printf(Locale.ROOT, "%s: fault %s: recovered %s, deadline respected %s (%d over %d ms)%n", label,
          faultReport.plan().fault().cliName(), faultReport.recovered() ? "yes" : "NO",
          faultReport.deadlineRespected() ? "yes" : "NO", faultReport.overDeadline(),
          faultReport.deadline().toMillis());
    }
    return run;
  }

  private FaultInjector injectorFor(NamedFault fault, PartnerProfile faultyPartner) {
    return switch (fault.where()) {
      case PARTNER_PROXY, REDIS_PROXY -> new FaultInjector.ProxyFault(faultProxy, fault.proxyMode().orElseThrow());
      case PARTNER_STUB -> new FaultInjector.StubGarbage(stubs, faultyPartner);
      case REDIS_PROCESS -> fault == NamedFault.REDIS_KILLED ? new FaultInjector.RedisKill(redis)
          : new FaultInjector.RedisFreeze(redis);
      case ARRIVAL_RATE -> new FaultInjector.RateBurst(NamedFault.BURST_MULTIPLIER);
    };
  }

  /** The same Redis URI (credentials, database) with the proxy's loopback port in place of the server's. */
  private static String viaProxy(URI redis, int proxyPort) {
    try {
      return new URI(redis.getScheme(), redis.getUserInfo(), "127.0.0.1", proxyPort, redis.getPath(),
          redis.getQuery(), redis.getFragment()).toString();
    } catch (URISyntaxException impossible) {
      throw new IllegalArgumentException("cannot rewrite the Redis URI for the fault proxy", impossible);
    }
  }

  private LoadTestConfig config(URI origin, String label, double rate, Duration duration) {
    return LoadTestConfig.builder(origin)
        .ratePerSecond(rate)
        .duration(duration)
        .warmup(Duration.ZERO)
        .connections(options.connections())
        .timeout(options.timeout())
        .tmax(options.tmax())
        .maxInFlight(20_000)
        .devices(devicePool)
        .seed(options.seed())
        .label(label)
        .build();
  }

  private java.util.function.Consumer<dev.idgw.loadtest.Progress> progress(String label) {
    return progress -> log.println(label + " " + progress.line());
  }

  private static OptionalLong minus(OptionalLong end, OptionalLong start) {
    return end.isPresent() && start.isPresent() ? OptionalLong.of(end.getAsLong() - start.getAsLong())
        : OptionalLong.empty();
  }

  private ChildProcess startJava(String name, List<String> arguments) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.jvmOptions());
    command.addAll(arguments);
    ChildProcess child = ChildProcess.start(name, command, workDir.resolve(name + ".log"), workDir);
    children.add(child);
    return child;
  }

  /** Any HTTP answer counts: the listener is up (the gateway warms itself up before it listens). */
  private void waitUntilAnswering(ChildProcess child, String url) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build();
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new IllegalStateException(child.name() + " exited during start:" + System.lineSeparator()
            + child.logTail(30));
      }
      try {
        http.send(request, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(child.name() + " did not answer " + url + " within " + START_TIMEOUT.toSeconds()
        + " s:" + System.lineSeparator() + child.logTail(30));
  }

  /** Idempotent; bounded: each child gets {@link #STOP_GRACE} after SIGTERM, then SIGKILL. */
  private void stopEverything() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    FaultRun fault = activeFault;
    if (fault != null) {
      fault.liftNow(); // a frozen Redis must not outlive the run
    }
    // Gateway and baseline first (they use the stubs and Redis), Redis last.
    var newestFirst = new ArrayList<>(children);
    java.util.Collections.reverse(newestFirst);
    for (ChildProcess child : newestFirst) {
      child.stop(STOP_GRACE);
    }
    if (redis != null) {
      redis.stop(STOP_GRACE);
    }
    if (faultProxy != null) {
      faultProxy.close();
    }
    if (stubs != null) {
      stubs.close();
    }
    if (workDir != null) {
      if (options.keepDir()) {
        log.println("kept " + workDir + " (configs, logs, Redis AOF)");
      } else {
        deleteTree(workDir);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // a temp dir left behind is not worth failing a finished run for
    }
  }

  /** This JVM's class path with every entry made absolute: the child runs in the work dir. */
  private static String absoluteClassPath() {
    var entries = new ArrayList<String>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
