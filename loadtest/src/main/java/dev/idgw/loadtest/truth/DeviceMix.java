package dev.idgw.loadtest.truth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A realistic population of devices, reproducible from a seed: consented adults in several opt-out
 * states (some with an email, some of unknown age), withdrawn consent, no record at all, minors,
 * children, GB (opt-in) with and without consent, a region no rule names (the opt-in default), and the
 * all-zero IFA of a device that limits ad tracking. Emails come in the spellings clients send (mixed
 * case, surrounding blanks, gmail dots and {@code +tags}) so the normalization is exercised.
 */
public final class DeviceMix {
  /** Share of the pool per kind; the rest are consented adults in opt-out states without email. */
  private static final Map<String, Double> SHARES = shares();
  private static final List<String> OPT_OUT_STATES = List.of("US-CA", "US-CO", "US-VA", "US-TX", "US-CT", "US-OR");

  private DeviceMix() {}

  private static Map<String, Double> shares() {
    var shares = new LinkedHashMap<String, Double>();
    shares.put("adult-opt-out-email", 0.22);
    shares.put("adult-opt-out-unknown-age", 0.06);
    shares.put("denied", 0.10);
    shares.put("no-record", 0.12);
    shares.put("minor", 0.05);
    shares.put("child", 0.04);
    shares.put("gb-consent", 0.05);
    shares.put("gb-consent-email", 0.04);
    shares.put("gb-no-consent", 0.05);
    shares.put("gb-unknown-age", 0.03);
    shares.put("default-region-adult", 0.03);
    shares.put("default-region-unknown-age", 0.02);
    shares.put("zero-ifa", 0.02);
    return shares;
  }

  public static List<DeviceTruth> generate(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("devices must be >= 1, was " + count);
    }
    var random = new SplittableRandom(seed);
    var devices = new ArrayList<DeviceTruth>(count);
    for (int i = 0; i < count; i++) {
      devices.add(device(i, pickKind(random), random));
    }
    return devices;
  }

  private static String pickKind(SplittableRandom random) {
    double draw = random.nextDouble();
    for (var share : SHARES.entrySet()) {
      draw -= share.getValue();
      if (draw < 0) {
        return share.getKey();
      }
    }
    return "adult-opt-out";
  }

  private static DeviceTruth device(int index, String kind, SplittableRandom random) {
    String id = uuid(random);
    String state = OPT_OUT_STATES.get(random.nextInt(OPT_OUT_STATES.size()));
    return switch (kind) {
      case "adult-opt-out-email" -> new DeviceTruth(kind, id, new ConsentTruth(true, state, AgeBand.ADULT),
          email(index, random));
      case "adult-opt-out-unknown-age" -> new DeviceTruth(kind, id, new ConsentTruth(true, state, AgeBand.UNKNOWN),
          null);
      case "denied" -> new DeviceTruth(kind, id, new ConsentTruth(false, state, AgeBand.ADULT), email(index, random));
      case "no-record" -> new DeviceTruth(kind, id, null, null);
      case "minor" -> new DeviceTruth(kind, id, new ConsentTruth(true, state, AgeBand.MINOR), email(index, random));
      case "child" -> new DeviceTruth(kind, id, new ConsentTruth(true, state, AgeBand.CHILD), null);
      case "gb-consent" -> new DeviceTruth(kind, id, new ConsentTruth(true, "GB", AgeBand.ADULT), null);
      case "gb-consent-email" -> new DeviceTruth(kind, id, new ConsentTruth(true, "GB", AgeBand.ADULT),
          email(index, random));
      case "gb-no-consent" -> new DeviceTruth(kind, id, new ConsentTruth(false, "GB", AgeBand.ADULT),
          email(index, random));
      case "gb-unknown-age" -> new DeviceTruth(kind, id, new ConsentTruth(true, "GB", AgeBand.UNKNOWN), null);
      case "default-region-adult" -> new DeviceTruth(kind, id, new ConsentTruth(true, "US-WA", AgeBand.ADULT),
          email(index, random));
      case "default-region-unknown-age" -> new DeviceTruth(kind, id,
          new ConsentTruth(true, "US-WA", AgeBand.UNKNOWN), null);
      case "zero-ifa" -> new DeviceTruth(kind, DeviceTruth.ZERO_IFA, null, null);
      default -> new DeviceTruth(kind, id, new ConsentTruth(true, state, AgeBand.ADULT), null);
    };
  }

  /** Version-4 UUIDs, as CTV advertising ids are. */
  private static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0b11L << 62)) | (0b10L << 62);
    return new UUID(high, low).toString();
  }

  /** Half gmail with dots, a {@code +tag} and capitals (normalization drops them), half plain, some with blanks. */
  private static String email(int index, SplittableRandom random) {
    String address = random.nextBoolean()
        ? "Viewer.No" + index + "+ctv@Gmail.com"
        : "viewer." + index + "@Example.COM";
    return random.nextInt(4) == 0 ? "  " + address + " " : address;
  }
}
