package dev.idgw.bench;

import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * {@code java -cp bench/target/benchmarks.jar dev.idgw.bench.RedisThreadsBenchmark [--redis
 * redis://127.0.0.1:6379] [--seconds 5] [--rounds 3] [--inflight 32] [--loops <cores>]}: the same Redis
 * round trips through a {@link RedisLink} on Lettuce I/O threads of its own and on Vert.x's event loops,
 * in alternating rounds. Each of {@code loops} event-loop contexts (like the player verticles) keeps
 * {@code inflight} commands out, alternately an HGETALL (a consent read) and an EVALSHA (a share-log
 * append's shape, read-only here), and continues on its context when the reply is there, as the gateway
 * does. Reports throughput, process CPU time per command (the Redis server's CPU is not in it) and context
 * switches of the JVM's threads per command (Linux). A measurement to read, not a test: the machine's
 * other load shows in it.
 */
public final class RedisThreadsBenchmark {
    private static final String PREFIX = "idgw-bench:threads:";
    private static final String SCRIPT = "return redis.call('HGET', KEYS[1], 'v')";
    private static final long WARM_MILLIS = 1000;
    private static final LongAdder FAILURES = new LongAdder();

    private RedisThreadsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out));
    }

    /** One measured phase of one variant. */
    record Result(String variant, long commands, double seconds, long cpuNanos, long contextSwitches,
                  double p50Micros, double p99Micros) {
        double perSecond() {
            return commands / seconds;
        }

        double cpuMicrosPerCommand() {
            return cpuNanos / 1000.0 / commands;
        }

        double switchesPerCommand() {
            return contextSwitches < 0 ? Double.NaN : contextSwitches / (double) commands;
        }
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        String uri = option(args, "--redis", "redis://127.0.0.1:6379");
        int seconds = Integer.parseInt(option(args, "--seconds", "5"));
        int rounds = Integer.parseInt(option(args, "--rounds", "3"));
        int inflight = Integer.parseInt(option(args, "--inflight", "32"));
        int loops = Integer.parseInt(option(args, "--loops", Integer.toString(Runtime.getRuntime().availableProcessors())));
        RedisSettings settings = new RedisSettings(uri, Duration.ofSeconds(2), 100_000, "idgw-bench");
        Vertx vertx = Vertx.vertx();
        String key = PREFIX + UUID.randomUUID();
        List<Result> results = new ArrayList<>();
        try {
            String sha = seed(settings, key);
            out.printf("%d loops x %d in flight, %d s per phase, %d rounds, %d cores%n", loops, inflight, seconds, rounds,
                    Runtime.getRuntime().availableProcessors());
            // round 0 warms the JIT up for both variants and is not counted
            for (int round = -1; round < rounds; round++) {
                // alternate which goes first, so neither always runs on a warmer JVM or a cooler machine
                for (boolean onLoops : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    RedisLink link = onLoops ? RedisLink.open("bench-loops", settings, Duration.ofSeconds(5), vertx)
                            : RedisLink.open("bench-own", settings, Duration.ofSeconds(5));
                    try {
                        Result r = phase(vertx, link, onLoops ? "vertx-loops" : "own-threads", key, sha, loops, inflight,
                                round < 0 ? Math.min(seconds, 2) : seconds);
                        if (round >= 0) {
                            results.add(r);
                        }
                        print(out, round < 0 ? "warm-up" : "round " + (round + 1), r);
                    } finally {
                        link.close();
                    }
                }
            }
            for (String variant : List.of("own-threads", "vertx-loops")) {
                List<Result> of = results.stream().filter(r -> r.variant().equals(variant)).toList();
                long commands = of.stream().mapToLong(Result::commands).sum();
                double secs = of.stream().mapToDouble(Result::seconds).sum();
                long cpu = of.stream().mapToLong(Result::cpuNanos).sum();
                long switches = of.stream().anyMatch(r -> r.contextSwitches() < 0) ? -1
                        : of.stream().mapToLong(Result::contextSwitches).sum();
                print(out, "total", new Result(variant, commands, secs, cpu, switches,
                        of.stream().mapToDouble(Result::p50Micros).average().orElse(0),
                        of.stream().mapToDouble(Result::p99Micros).average().orElse(0)));
            }
            return FAILURES.sum() == 0 ? 0 : 1;
        } finally {
            try (RedisLink cleanup = RedisLink.open("bench-cleanup", settings, Duration.ofSeconds(5))) {
                cleanup.commands().ifPresent(c -> c.del(key));
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static void print(PrintStream out, String label, Result r) {
        out.printf("%-8s %-12s %9.0f cmd/s  cpu %6.1f us/cmd  ctx-switches %5.2f/cmd  p50 %6.0f us  p99 %6.0f us%n",
                label, r.variant(), r.perSecond(), r.cpuMicrosPerCommand(), r.switchesPerCommand(), r.p50Micros(),
                r.p99Micros());
    }

    /** The consent-like hash and the script; returns the script's SHA. Waits: runs on the caller thread. */
    private static String seed(RedisSettings settings, String key) throws Exception {
        try (RedisLink link = RedisLink.open("bench-seed", settings, Duration.ofSeconds(5))) {
            var c = link.commands().orElseThrow(() -> new IllegalStateException("redis not reachable"));
            c.hset(key, Map.of("v", "1", "j", "US-CA", "a", "ADULT", "e", "0123456789abcdef0123456789abcdef"))
                    .get(5, TimeUnit.SECONDS);
            return c.scriptLoad(SCRIPT).get(5, TimeUnit.SECONDS);
        }
    }

    private static Result phase(Vertx vertx, RedisLink link, String variant, String key, String sha, int loops,
                                int inflight, int seconds) throws Exception {
        var commands = link.commands().orElseThrow(() -> new IllegalStateException("redis not reachable"));
        LongAdder done = new LongAdder();
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(10), 2);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Void>> drained = new ArrayList<>();
        String[] keys = {key};
        for (int l = 0; l < loops; l++) {
            Context context = ((VertxInternal) vertx).createEventLoopContext();
            Promise<Void> stopped = Promise.promise();
            drained.add(stopped.future());
            int[] slotsLeft = {inflight}; // touched on the context only
            context.runOnContext(v -> {
                for (int i = 0; i < inflight; i++) {
                    next(i, context, running, done, latency, n -> n % 2 == 0
                            ? commands.hgetall(key).thenApply(m -> null)
                            : commands.<String>evalsha(sha, ScriptOutputType.VALUE, keys).thenApply(x -> null), () -> {
                                if (--slotsLeft[0] == 0) {
                                    stopped.complete();
                                }
                            });
                }
            });
        }
        Thread.sleep(WARM_MILLIS);
        latency.reset();
        long count0 = done.sum();
        long cpu0 = processCpuNanos();
        long switches0 = contextSwitches();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long count1 = done.sum();
        long cpu1 = processCpuNanos();
        long switches1 = contextSwitches();
        long t1 = System.nanoTime();
        running.set(false);
        Future.join(drained).await(30, TimeUnit.SECONDS);
        if (FAILURES.sum() > 0) {
            System.err.println(FAILURES.sum() + " commands failed so far");
        }
        return new Result(variant, count1 - count0, (t1 - t0) / 1e9, cpu1 - cpu0,
                switches0 < 0 || switches1 < 0 ? -1 : switches1 - switches0,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    }

    /**
     * One in-flight slot: command {@code n}, then on its context command n + 1, until stopped or a
     * command fails. Callbacks, not a chain of futures: a chain a million commands long would unwind
     * recursively at the end.
     */
    private static void next(int n, Context context, AtomicBoolean running, LongAdder done, ConcurrentHistogram latency,
                             IntFunction<CompletionStage<Void>> command, Runnable slotDone) {
        if (!running.get()) {
            slotDone.run();
            return;
        }
        long start = System.nanoTime();
        Future.fromCompletionStage(command.apply(n), context).onComplete(r -> {
            if (r.failed()) {
                if (FAILURES.sum() == 0) {
                    System.err.println("a command failed: " + r.cause());
                }
                FAILURES.increment();
                slotDone.run();
                return;
            }
            latency.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(10)));
            done.increment();
            next(n + 1, context, running, done, latency, command, slotDone);
        });
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Voluntary and involuntary context switches of the JVM's live threads (Linux), or -1. */
    private static long contextSwitches() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : threads.toList()) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException threadEnded) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
