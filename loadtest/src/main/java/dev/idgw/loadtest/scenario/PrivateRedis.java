package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.fault.RedisProcessControl;
import dev.idgw.testkit.redis.LocalRedis;
import dev.idgw.testkit.redis.RedisOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The scenario's own redis-server ({@link LocalRedis} on the shipped durable config) as the process faults
 * drive it, and its CPU time: a {@code redis-killed} fault SIGKILLs it and restarts it on the same config,
 * port and dir, which reloads the AOF, so CPU time adds up over every process it was and the report's
 * Redis CPU stays meaningful.
 */
final class PrivateRedis implements RedisProcessControl {
  private final LocalRedis redis;
  private volatile long cpuOfEarlierProcesses;

  private PrivateRedis(LocalRedis redis) {
    this.redis = redis;
  }

  static PrivateRedis start(Path config, Path dir, Duration startTimeout) throws IOException {
    return new PrivateRedis(LocalRedis.start(RedisOptions.in(dir).configFile(config).startTimeout(startTimeout)));
  }

  int port() {
    return redis.port();
  }

  /** The server's {@code appendfsync} setting, or "unknown". */
  String appendFsync() {
    return redis.appendFsync();
  }

  /** User + system CPU of every process so far; empty when the current one cannot be read. */
  OptionalLong cpuNanos() {
    OptionalLong current = ProcessCpu.cpuNanos(redis.pid());
    return current.isPresent() ? OptionalLong.of(cpuOfEarlierProcesses + current.getAsLong()) : OptionalLong.empty();
  }

  @Override
  public void freeze() throws IOException, InterruptedException {
    redis.pause();
  }

  @Override
  public void thaw() throws IOException, InterruptedException {
    redis.resume();
  }

  @Override
  public synchronized void kill() {
    OptionalLong cpu = ProcessCpu.cpuNanos(redis.pid()); // read before it is gone
    redis.kill();
    cpuOfEarlierProcesses += cpu.orElse(0);
  }

  @Override
  public void restart() throws IOException {
    redis.restart();
  }

  /** Resumed first, then stopped in bounded time; no restart after. */
  void stop(Duration grace) {
    redis.stop(grace);
  }
}
