package dev.idgw.loadtest.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time of a process from {@code /proc/<pid>/stat}: fields 14 and 15 (utime, stime) in clock ticks.
 * Ticks are USER_HZ, 100 on every Linux this runs on (getconf CLK_TCK); fields are counted after the
 * last ')' because the command name in field 2 may contain spaces and parentheses.
 */
final class ProcessCpu {
  static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  static OptionalLong cpuNanos(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException gone) {
      return OptionalLong.empty();
    }
  }

  static OptionalLong parse(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return OptionalLong.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) is fields[12].
    if (fields.length < 13) {
      return OptionalLong.empty();
    }
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return OptionalLong.of(ticks * 1_000_000_000L / TICKS_PER_SECOND);
  }

  /** This JVM's own CPU time (generator and stubs). */
  static OptionalLong selfCpuNanos() {
    return cpuNanos(ProcessHandle.current().pid());
  }

  /** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} prints them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException unavailable) {
      return "unknown";
    }
  }
}
