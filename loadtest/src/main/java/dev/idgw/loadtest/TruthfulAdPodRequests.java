package dev.idgw.loadtest;

import dev.idgw.loadtest.truth.DeviceTruth;
import dev.idgw.loadtest.truth.PayloadInspector;
import dev.idgw.loadtest.truth.RequestTruth;
import dev.idgw.loadtest.truth.TruthRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ad-pod requests whose truth is known, for the scenario: each is drawn for a device of the seeded
 * mix with per-request privacy signals (Sec-GPC, {@code us_privacy} opted out, not opted out or
 * malformed, {@code lmt}, {@code coppa}), registered in the {@link TruthRegistry} before it leaves, and
 * baited: markers in every place the gateway must not copy from ({@code user.id}, {@code buyeruid},
 * {@code customdata}, {@code user.eids}, {@code user.ext}, {@code ext}, {@code imp.ext}, {@code device.ext},
 * {@code app.ext}, {@code regs.ext}, a cookie), the device's raw email in {@code user.ext}, and in some
 * requests the device ID or email hash smuggled into contextual text the gateway does copy
 * ({@code app.name}, {@code app.content.title}, {@code app.content.series}) so its leak guard is exercised too.
 *
 * <p>The correlation token rides in {@code app.content.id}, a contextual field that survives stripping.
 * Tokens are unique across every run of a scenario; {@code n} is ignored. Not thread-safe.
 */
public final class TruthfulAdPodRequests implements AdPodRequestSource {
  public static final double GPC_SHARE = 0.10;
  public static final double US_PRIVACY_OPTED_OUT_SHARE = 0.10;
  public static final double US_PRIVACY_NOT_OPTED_OUT_SHARE = 0.15;
  public static final double US_PRIVACY_MALFORMED_SHARE = 0.02;
  public static final double LIMIT_AD_TRACKING_SHARE = 0.07;
  public static final double COPPA_SHARE = 0.03;
  public static final double SMUGGLE_SHARE = 0.10;
  public static final double DEFAULT_BASE64_SMUGGLE_SHARE = 0.05;
  private static final List<String> IP_PREFIXES = List.of("203.0.113.", "198.51.100.");
  private static final String USER_AGENT = "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) LoadTest/1.0";
  private static final int[] SLOT_IN_POD = {1, 0, -1};

  private final List<DeviceTruth> devices;
  private final TruthRegistry registry;
  private final long tmaxMillis;
  private final SplittableRandom random;
  private final String tokenPrefix;
  private final double base64SmuggleShare;
  private long sequence;

  public TruthfulAdPodRequests(List<DeviceTruth> devices, TruthRegistry registry, Duration tmax, long seed,
      String tokenPrefix) {
    this(devices, registry, tmax, seed, tokenPrefix, DEFAULT_BASE64_SMUGGLE_SHARE);
  }

  /**
   * @param tokenPrefix makes tokens unique per scenario (several scenarios may share one gateway)
   * @param base64SmuggleShare share of requests (of devices with an email) whose {@code app.content.series}
   *     carries the email hash as base64: the gateway can recognise that spelling only when it has read the
   *     device's record, so this bait finds leaks on the fail-closed path (consent read failed)
   */
  public TruthfulAdPodRequests(List<DeviceTruth> devices, TruthRegistry registry, Duration tmax, long seed,
      String tokenPrefix, double base64SmuggleShare) {
    this.base64SmuggleShare = base64SmuggleShare;
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("no devices");
    }
    this.devices = List.copyOf(devices);
    this.registry = registry;
    this.tmaxMillis = tmax.toMillis();
    this.random = new SplittableRandom(seed);
    this.tokenPrefix = tokenPrefix;
  }

  @Override
  public AdPodRequest next(long ignored) {
    long n = sequence++;
    String token = tokenPrefix + "-" + n;
    String mark = PayloadInspector.MARKER_PREFIX + "-" + n + "-";
    DeviceTruth device = devices.get(random.nextInt(devices.size()));
    String ip = IP_PREFIXES.get(random.nextInt(IP_PREFIXES.size())) + (1 + random.nextInt(254));
    boolean gpc = random.nextDouble() < GPC_SHARE;
    boolean lmt = random.nextDouble() < LIMIT_AD_TRACKING_SHARE;
    boolean coppa = random.nextDouble() < COPPA_SHARE;
    String usPrivacy = usPrivacy(random.nextDouble());
    boolean structured = random.nextBoolean();

    JsonObject content = new JsonObject().put("id", token).put("title", "Episode " + (n % 97))
        .put("genre", "drama").put("livestream", 0);
    JsonObject app = new JsonObject()
        .put("bundle", "com.example.ctv.stream")
        .put("name", "Example Stream")
        .put("publisher", new JsonObject().put("id", "pub-loadtest"))
        .put("content", content)
        .put("ext", new JsonObject().put("note", mark + "app-ext"));
    if (random.nextDouble() < SMUGGLE_SHARE && device.hasDeviceId()) {
      app.put("name", "Channel " + device.deviceIdCompactUpper());
    }
    if (random.nextDouble() < SMUGGLE_SHARE && device.hasEmail()) {
      content.put("title", device.emailSha256Hex().toUpperCase(java.util.Locale.ROOT));
    }
    if (random.nextDouble() < base64SmuggleShare && device.hasEmail()) {
      content.put("series", device.emailSha256Base64());
    }
    JsonObject deviceJson = new JsonObject()
        .put("ifa", device.deviceId())
        .put("ip", ip)
        .put("devicetype", AdPodRequests.DEVICE_TYPE_CONNECTED_TV)
        .put("ua", USER_AGENT)
        .put("make", "Example").put("model", "TV-9000").put("os", "Tizen")
        .put("geo", new JsonObject().put("country", "USA").put("lat", 37.77).put("lon", -122.42)
            .put("zip", "94103").put("ext", new JsonObject().put("note", mark + "geo-ext")))
        .put("ext", new JsonObject().put("note", mark + "device-ext"));
    if (lmt) {
      deviceJson.put("lmt", 1);
    }
    JsonObject userExt = new JsonObject().put("note", mark + "user-ext");
    if (device.hasEmail()) {
      userExt.put("email", device.rawEmail().strip());
    }
    JsonObject user = new JsonObject()
        .put("id", mark + "user-id")
        .put("buyeruid", mark + "buyeruid")
        .put("customdata", mark + "customdata")
        .put("keywords", mark + "keywords")
        .put("eids", new JsonArray().add(new JsonObject().put("source", "idp.example")
            .put("uids", new JsonArray().add(new JsonObject().put("id", mark + "eid").put("atype", 3)))))
        .put("ext", userExt);
    JsonObject regs = new JsonObject().put("ext", new JsonObject().put("note", mark + "regs-ext"));
    if (coppa) {
      regs.put("coppa", 1);
    }
    if (usPrivacy != null) {
      regs.put("us_privacy", usPrivacy);
    }
    JsonObject body = new JsonObject()
        .put("id", "lt-" + n)
        .put("imp", structured ? structuredPod(n, mark) : dynamicPod(mark))
        .put("app", app)
        .put("device", deviceJson)
        .put("user", user)
        .put("regs", regs)
        .put("source", new JsonObject().put("tid", mark + "tid"))
        .put("at", 1)
        .put("tmax", tmaxMillis)
        .put("cur", new JsonArray().add("USD"))
        .put("ext", new JsonObject().put("note", mark + "ext").put("customdata", mark + "ext-customdata"));

    Map<String, String> headers = new HashMap<>();
    headers.put("Cookie", "uid=" + mark + "cookie");
    headers.put("X-Forwarded-For", "192.0.2.55"); // not a trusted proxy: must neither be believed nor forwarded
    registry.register(new RequestTruth(token, device, ip, gpc, lmt, coppa, usPrivacy,
        List.of(mark + "user-id", mark + "cookie")));
    return new AdPodRequest("lt-" + n,
        structured ? AdPodRequest.Kind.STRUCTURED_POD : AdPodRequest.Kind.DYNAMIC_POD, gpc, body, headers);
  }

  private static String usPrivacy(double draw) {
    if (draw < US_PRIVACY_OPTED_OUT_SHARE) {
      return "1YYN";
    }
    draw -= US_PRIVACY_OPTED_OUT_SHARE;
    if (draw < US_PRIVACY_NOT_OPTED_OUT_SHARE) {
      return "1YNN";
    }
    draw -= US_PRIVACY_NOT_OPTED_OUT_SHARE;
    return draw < US_PRIVACY_MALFORMED_SHARE ? "1Y" : null;
  }

  private static JsonArray dynamicPod(String mark) {
    JsonObject video = baseVideo().put("podid", "break-1")
        .put("poddur", AdPodRequests.POD_DURATION_SECONDS)
        .put("maxseq", AdPodRequests.MAX_ADS_IN_DYNAMIC_POD);
    return new JsonArray().add(new JsonObject().put("id", "1").put("video", video)
        .put("ext", new JsonObject().put("note", mark + "imp-ext")));
  }

  private static JsonArray structuredPod(long n, String mark) {
    var imps = new JsonArray();
    for (int slot = 0; slot < AdPodRequests.STRUCTURED_POD_SLOTS; slot++) {
      JsonObject video = baseVideo().put("podid", "pod-" + n).put("podseq", 0).put("slotinpod", SLOT_IN_POD[slot]);
      imps.add(new JsonObject().put("id", String.valueOf(slot + 1)).put("video", video)
          .put("ext", new JsonObject().put("note", mark + "imp-ext")));
    }
    return imps;
  }

  private static JsonObject baseVideo() {
    return new JsonObject()
        .put("mimes", new JsonArray().add("video/mp4"))
        .put("protocols", new JsonArray().add(2).add(3).add(5).add(6).add(7).add(8))
        .put("w", 1920).put("h", 1080).put("plcmt", 1)
        .put("minduration", AdPodRequests.MIN_AD_SECONDS)
        .put("maxduration", AdPodRequests.MAX_AD_SECONDS);
  }
}
