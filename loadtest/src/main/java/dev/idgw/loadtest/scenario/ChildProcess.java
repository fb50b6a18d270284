package dev.idgw.loadtest.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A process the scenario started (gateway, baseline proxy, redis-server): its output goes to a log
 * file, its CPU time is read from {@code /proc}, and {@link #stop} ends it in bounded time (SIGTERM,
 * then SIGKILL after the grace period). Only this process is ever signalled, by its own pid.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, List<String> command, Path log, Path workingDir) throws IOException {
    Process process = new ProcessBuilder(command)
        .directory(workingDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    process.getOutputStream().close();
    return new ChildProcess(name, process, log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** User + system CPU time so far, or empty once the process is gone (or off Linux). */
  OptionalLong cpuNanos() {
    return ProcessCpu.cpuNanos(process.pid());
  }

  /** The last {@code lines} lines of its output, for an error message. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException unreadable) {
      return "(no output: " + unreadable.getMessage() + ")";
    }
  }

  String logContent() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException unreadable) {
      return "";
    }
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL; returns the exit code or -1. */
  int stop(Duration grace) {
    if (!process.isAlive()) {
      return process.exitValue();
    }
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** SIGKILL, no grace, and wait (bounded) until it is gone: a crash, for a fault scenario. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") still alive 10 s after SIGKILL");
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
