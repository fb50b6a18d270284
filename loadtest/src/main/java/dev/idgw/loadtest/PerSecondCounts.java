package dev.idgw.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Measured requests by the second of the measured phase in which they ended: answered with 200 or 204
 * ({@code ok}), and everything else ({@code failed}: another status, a timeout, a transport error, dropped
 * by the generator), the same split as a scenario's failure count. Second 0 starts at the intended time of
 * the first measured request; answers that come in the drain after the last send land in later seconds.
 *
 * @param ok      per second, from second 0
 * @param failed  per second, the same length as {@code ok}
 */
public record PerSecondCounts(List<Long> ok, List<Long> failed) {
  public static final PerSecondCounts NONE = new PerSecondCounts(List.of(), List.of());

  public PerSecondCounts {
    ok = List.copyOf(ok);
    failed = List.copyOf(failed);
    if (ok.size() != failed.size()) {
      throw new IllegalArgumentException("ok and failed must cover the same seconds");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("ok", new JsonArray(ok)).put("failed", new JsonArray(failed));
  }

  /** Filled by the generator's event loop only (through {@link RunRecorder}): no locks. */
  static final class Recorder {
    private long startNanos = Long.MIN_VALUE;
    private long[] ok = new long[64];
    private long[] failed = new long[64];
    private int seconds;

    /** Where second 0 begins ({@link System#nanoTime()} scale). Events before it are not counted. */
    void start(long nanos) {
      startNanos = nanos;
    }

    void ok(long nowNanos) {
      int second = second(nowNanos);
      if (second >= 0) {
        ok[second]++;
      }
    }

    void failed(long nowNanos) {
      int second = second(nowNanos);
      if (second >= 0) {
        failed[second]++;
      }
    }

    private int second(long nowNanos) {
      if (startNanos == Long.MIN_VALUE || nowNanos < startNanos) {
        return -1;
      }
      long second = (nowNanos - startNanos) / 1_000_000_000L;
      if (second > Integer.MAX_VALUE - 1) {
        return -1;
      }
      int index = (int) second;
      if (index >= ok.length) {
        int length = Math.max(index + 1, ok.length * 2);
        ok = Arrays.copyOf(ok, length);
        failed = Arrays.copyOf(failed, length);
      }
      seconds = Math.max(seconds, index + 1);
      return index;
    }

    PerSecondCounts snapshot() {
      return new PerSecondCounts(boxed(ok, seconds), boxed(failed, seconds));
    }

    private static List<Long> boxed(long[] counts, int length) {
      return LongStream.of(counts).limit(length).boxed().collect(Collectors.toList());
    }
  }
}
