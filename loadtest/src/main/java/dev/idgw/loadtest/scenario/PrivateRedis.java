package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.fault.RedisProcessControl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The scenario's own redis-server, across restarts: a {@code redis-killed} fault SIGKILLs it and starts
 * a new process on the same config, port and dir, which reloads the AOF. CPU time adds up over every
 * process it was, so the report's Redis CPU stays meaningful. Signals go to this process only, by pid.
 */
final class PrivateRedis implements RedisProcessControl {
  private final Path config;
  private final int port;
  private final Path dir;
  private final Duration startTimeout;
  private volatile ChildProcess process;
  private volatile long cpuOfEarlierProcesses;
  private int restarts;
  private boolean stopped;

  private PrivateRedis(Path config, int port, Path dir, Duration startTimeout, ChildProcess process) {
    this.config = config;
    this.port = port;
    this.dir = dir;
    this.startTimeout = startTimeout;
    this.process = process;
  }

  static PrivateRedis start(Path config, int port, Path dir, Duration startTimeout) throws IOException {
    return new PrivateRedis(config, port, dir, startTimeout, LocalRedis.start(config, port, dir, startTimeout));
  }

  int port() {
    return port;
  }

  /** User + system CPU of every process so far; empty when the current one cannot be read. */
  OptionalLong cpuNanos() {
    OptionalLong current = process.cpuNanos();
    return current.isPresent() ? OptionalLong.of(cpuOfEarlierProcesses + current.getAsLong()) : OptionalLong.empty();
  }

  @Override
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  @Override
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  @Override
  public synchronized void kill() throws InterruptedException {
    ChildProcess victim = process;
    OptionalLong cpu = victim.cpuNanos();
    victim.kill();
    cpuOfEarlierProcesses += cpu.orElse(0);
  }

  @Override
  public synchronized void restart() throws IOException {
    if (stopped) {
      return; // the scenario is shutting down: nothing to come back for
    }
    restarts++;
    process = LocalRedis.start(config, port, dir, startTimeout, "redis-restart-" + restarts + ".log");
  }

  /** Thawed first (a stopped process would sit on SIGTERM), then stopped in bounded time; no restart after. */
  synchronized void stop(Duration grace) {
    stopped = true;
    try {
      thaw();
    } catch (IOException | InterruptedException | RuntimeException ignored) {
      // SIGTERM, then SIGKILL below, work on a stopped process too; this only saves the grace period
    }
    process.stop(grace);
  }

  private void signal(String name) throws IOException, InterruptedException {
    ChildProcess target = process;
    if (!target.isAlive()) {
      return;
    }
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(target.pid()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS)) {
      kill.destroyForcibly();
      throw new IOException("kill -" + name + " did not finish in 5 s");
    }
    if (kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + target.pid() + " exited with " + kill.exitValue());
    }
  }
}
