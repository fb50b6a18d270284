package dev.idgw.loadtest.stub;

import dev.idgw.loadtest.truth.Field;
import dev.idgw.loadtest.truth.PayloadVerdict;
import dev.idgw.loadtest.truth.ViolationKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every stub's verdicts, added up. Written from several event loops at once, so only lock-free
 * counters and queues. Examples of violations are kept (at most {@link #MAX_EXAMPLES}) with the
 * partner, kind, place and request id, never the identifier itself.
 */
public final class CheckLedger {
  public static final int MAX_EXAMPLES = 20;

  /** Told of every payload as it is recorded (any thread): must be quick and thread-safe. */
  @FunctionalInterface
  public interface PayloadListener {
    /** @param arrivalNanos when the payload reached the stub ({@link System#nanoTime()}), not when it was judged */
    void onPayload(boolean identityBearing, long arrivalNanos);
  }

  private final LongAdder payloads = new LongAdder();
  private final LongAdder unmatched = new LongAdder();
  private final LongAdder notJson = new LongAdder();
  private final LongAdder identityBearing = new LongAdder();
  private final LongAdder withExpectedAbsent = new LongAdder();
  private final EnumMap<ViolationKind, LongAdder> violations = new EnumMap<>(ViolationKind.class);
  private final EnumMap<Field, LongAdder> expectedAbsent = new EnumMap<>(Field.class);
  private final Map<String, LongAdder> payloadsByPartner = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
  private final AtomicInteger exampleCount = new AtomicInteger();
  private final ConcurrentLinkedQueue<SentIdentity> sent = new ConcurrentLinkedQueue<>();
  private volatile PayloadListener listener = (identityBearing, arrivalNanos) -> { };

  public CheckLedger() {
    for (ViolationKind kind : ViolationKind.values()) {
      violations.put(kind, new LongAdder());
    }
    for (Field field : Field.values()) {
      expectedAbsent.put(field, new LongAdder());
    }
  }

  /** Replaces the listener (a fault scenario counts payloads per time window); none by default. */
  public void listen(PayloadListener value) {
    listener = value;
  }

  /** A payload that was not a JSON object: nothing to correlate, counted apart. */
  public void recordNotJson(String partnerId, long arrivalNanos) {
    payloads.increment();
    notJson.increment();
    payloadsByPartner.computeIfAbsent(partnerId, id -> new LongAdder()).increment();
    listener.onPayload(false, arrivalNanos);
  }

  public void record(String partnerId, String requestId, PayloadVerdict verdict, long arrivalNanos) {
    payloads.increment();
    payloadsByPartner.computeIfAbsent(partnerId, id -> new LongAdder()).increment();
    if (!verdict.matched()) {
      unmatched.increment();
    }
    for (PayloadVerdict.Violation violation : verdict.violations()) {
      violations.get(violation.kind()).increment();
      if (exampleCount.getAndIncrement() < MAX_EXAMPLES) {
        examples.add(partnerId + " rid=" + requestId + " " + violation.kind().key() + " (" + violation.detail() + ")");
      }
    }
    if (!verdict.expectedAbsent().isEmpty()) {
      withExpectedAbsent.increment();
      verdict.expectedAbsent().forEach(field -> expectedAbsent.get(field).increment());
    }
    if (verdict.identityBearing()) {
      identityBearing.increment();
      sent.add(new SentIdentity(requestId, partnerId, Field.mask(verdict.present())));
    }
    listener.onPayload(verdict.identityBearing(), arrivalNanos);
  }

  public long payloads() {
    return payloads.sum();
  }

  public long violations() {
    return violations.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long violations(ViolationKind kind) {
    return violations.get(kind).sum();
  }

  public long identityBearing() {
    return identityBearing.sum();
  }

  public long unmatched() {
    return unmatched.sum();
  }

  public long expectedAbsentPayloads() {
    return withExpectedAbsent.sum();
  }

  /** The identity-bearing payloads seen so far, for the share-record coverage check. */
  public List<SentIdentity> sentIdentities() {
    return new ArrayList<>(sent);
  }

  public List<String> examples() {
    return List.copyOf(examples);
  }

  public JsonObject toJson() {
    var byKind = new JsonObject();
    violations.forEach((kind, count) -> byKind.put(kind.key(), count.sum()));
    var absentByField = new JsonObject();
    expectedAbsent.forEach((field, count) -> absentByField.put(field.wireName(), count.sum()));
    var byPartner = new JsonObject();
    payloadsByPartner.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> byPartner.put(entry.getKey(), entry.getValue().sum()));
    return new JsonObject()
        .put("payloads_checked", payloads())
        .put("payloads_by_partner", byPartner)
        .put("payloads_unmatched", unmatched())
        .put("payloads_not_json", notJson.sum())
        .put("identity_bearing", identityBearing())
        .put("violations", new JsonObject().put("total", violations()).put("by_kind", byKind))
        .put("violation_examples", new JsonArray(new ArrayList<>(examples)))
        .put("identity_expected_but_absent", new JsonObject()
            .put("payloads", expectedAbsentPayloads())
            .put("by_field", absentByField));
  }
}
