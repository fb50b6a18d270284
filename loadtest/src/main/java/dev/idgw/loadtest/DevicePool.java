package dev.idgw.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** The device ids ({@code device.ifa}) requests draw from; a bounded pool so identities repeat as in real traffic. */
public record DevicePool(List<String> ids) {
  public DevicePool {
    ids = List.copyOf(ids);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("device pool is empty");
    }
    for (String id : ids) {
      if (id.isBlank()) {
        throw new IllegalArgumentException("device pool contains a blank id");
      }
    }
  }

  /** {@code count} version-4 UUIDs, the same ones for the same seed. */
  public static DevicePool random(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("devices must be >= 1, was " + count);
    }
    var random = new SplittableRandom(seed);
    var ids = new ArrayList<String>(count);
    for (int i = 0; i < count; i++) {
      long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
      long low = (random.nextLong() & ~(0b11L << 62)) | (0b10L << 62); // IETF variant
      ids.add(new UUID(high, low).toString());
    }
    return new DevicePool(ids);
  }

  /** One id per line; blank lines and lines starting with {@code #} are skipped. */
  public static DevicePool fromFile(Path file) throws IOException {
    var ids = new ArrayList<String>();
    for (String line : Files.readAllLines(file)) {
      String id = line.strip();
      if (!id.isEmpty() && !id.startsWith("#")) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      throw new IOException("no device ids in " + file);
    }
    return new DevicePool(ids);
  }

  public String pick(SplittableRandom random) {
    return ids.get(random.nextInt(ids.size()));
  }

  public int size() {
    return ids.size();
  }
}
