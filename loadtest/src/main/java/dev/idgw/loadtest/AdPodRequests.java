package dev.idgw.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a reproducible mix of OpenRTB 2.6 ad-pod requests from a seed: dynamic and structured pods,
 * connected-TV devices from a pool, documentation-range IPs, and a share of opted-out or
 * privacy-flagged traffic so the gateway's privacy paths carry load too. Not thread-safe.
 */
public final class AdPodRequests implements AdPodRequestSource {
  public static final double STRUCTURED_POD_SHARE = 0.5;
  public static final double LIMIT_AD_TRACKING_SHARE = 0.10;
  public static final double GLOBAL_PRIVACY_CONTROL_SHARE = 0.10;
  public static final double US_PRIVACY_SHARE = 0.20;
  public static final String US_PRIVACY_OPTED_OUT = "1YYN";
  public static final int POD_DURATION_SECONDS = 60;
  public static final int MAX_ADS_IN_DYNAMIC_POD = 4;
  public static final int MIN_AD_SECONDS = 5;
  public static final int MAX_AD_SECONDS = 30;
  public static final int STRUCTURED_POD_SLOTS = 3;
  /** OpenRTB device type 3: connected TV. */
  public static final int DEVICE_TYPE_CONNECTED_TV = 3;

  /** RFC 5737 documentation ranges: realistic-looking, never anyone's real address. */
  private static final List<String> IP_PREFIXES = List.of("203.0.113.", "198.51.100.");
  private static final List<String> BUNDLES = List.of(
      "com.example.ctv.news", "com.example.ctv.sports", "tv.example.movies", "com.example.kids.stream");
  private static final String USER_AGENT = "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) LoadTest/1.0";
  /** OpenRTB slotinpod: first, any, last. */
  private static final int[] SLOT_IN_POD = {1, 0, -1};

  private final DevicePool devices;
  private final long tmaxMillis;
  private final SplittableRandom random;

  public AdPodRequests(DevicePool devices, Duration tmax, long seed) {
    this.devices = devices;
    this.tmaxMillis = tmax.toMillis();
    this.random = new SplittableRandom(seed);
  }

  /** The request numbered {@code n}; its id is {@code lt-<n>}. */
  @Override
  public AdPodRequest next(long n) {
    String id = "lt-" + n;
    boolean structured = random.nextDouble() < STRUCTURED_POD_SHARE;
    JsonArray imps = structured ? structuredPod(n) : dynamicPod();
    JsonObject device = new JsonObject()
        .put("ifa", devices.pick(random))
        .put("ip", IP_PREFIXES.get(random.nextInt(IP_PREFIXES.size())) + (1 + random.nextInt(254)))
        .put("devicetype", DEVICE_TYPE_CONNECTED_TV)
        .put("ua", USER_AGENT);
    if (random.nextDouble() < LIMIT_AD_TRACKING_SHARE) {
      device.put("lmt", 1);
    }
    JsonObject body = new JsonObject()
        .put("id", id)
        .put("imp", imps)
        .put("app", new JsonObject()
            .put("bundle", BUNDLES.get(random.nextInt(BUNDLES.size())))
            .put("publisher", new JsonObject().put("id", "pub-loadtest")))
        .put("device", device)
        .put("at", 1)
        .put("tmax", tmaxMillis)
        .put("cur", new JsonArray().add("USD"));
    if (random.nextDouble() < US_PRIVACY_SHARE) {
      body.put("regs", new JsonObject().put("us_privacy", US_PRIVACY_OPTED_OUT));
    }
    boolean gpc = random.nextDouble() < GLOBAL_PRIVACY_CONTROL_SHARE;
    return new AdPodRequest(id, structured ? AdPodRequest.Kind.STRUCTURED_POD : AdPodRequest.Kind.DYNAMIC_POD,
        gpc, body);
  }

  private static JsonArray dynamicPod() {
    JsonObject video = baseVideo()
        .put("poddur", POD_DURATION_SECONDS)
        .put("maxseq", MAX_ADS_IN_DYNAMIC_POD);
    return new JsonArray().add(new JsonObject().put("id", "1").put("video", video));
  }

  private static JsonArray structuredPod(long n) {
    var imps = new JsonArray();
    String podId = "pod-" + n;
    for (int slot = 0; slot < STRUCTURED_POD_SLOTS; slot++) {
      JsonObject video = baseVideo()
          .put("podid", podId)
          .put("podseq", 0)
          .put("slotinpod", SLOT_IN_POD[slot]);
      imps.add(new JsonObject().put("id", String.valueOf(slot + 1)).put("video", video));
    }
    return imps;
  }

  private static JsonObject baseVideo() {
    return new JsonObject()
        .put("mimes", new JsonArray().add("video/mp4"))
        .put("protocols", new JsonArray().add(2).add(3).add(5).add(6).add(7).add(8))
        .put("w", 1920)
        .put("h", 1080)
        .put("plcmt", 1)
        .put("minduration", MIN_AD_SECONDS)
        .put("maxduration", MAX_AD_SECONDS);
  }
}
