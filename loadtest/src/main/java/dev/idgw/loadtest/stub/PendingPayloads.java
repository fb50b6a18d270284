package dev.idgw.loadtest.stub;

import dev.idgw.loadtest.truth.PayloadInspector;
import dev.idgw.loadtest.truth.PayloadVerdict;
import dev.idgw.loadtest.truth.RequestTruth;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gateway payloads the stubs received and have not judged yet. Judging (a full-text search for every
 * spelling of the device's identity) costs the generator's JVM more CPU per payload than answering it;
 * done inline it would take CPU from the target under measurement on a shared machine, and more from the
 * gateway than from the baseline, whose payloads are not judged. So the stubs only keep what they
 * received, with the truth it belongs to, and the scenario judges the lot after each measured phase.
 * Bounded: past {@link #MAX_PENDING} payloads a stub judges on arrival (slower, never unbounded memory).
 */
final class PendingPayloads {
  /** About 2 KB of body each: some 400 MB at the bound. */
  static final int MAX_PENDING = 200_000;

  /**
   * One received payload: what judging needs, captured on arrival (the body is parsed again when judged:
   * keeping the parsed tree would cost several times the memory).
   */
  record Received(PartnerProfile partner, Buffer body, List<String> headerValues, RequestTruth truth,
      long arrivalNanos) {
  }

  private final ConcurrentLinkedQueue<Received> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final PayloadInspector inspector;
  private final CheckLedger ledger;

  PendingPayloads(PayloadInspector inspector, CheckLedger ledger) {
    this.inspector = inspector;
    this.ledger = ledger;
  }

  /** Keeps {@code received} for {@link #judgeAll()}, or judges it now when too many wait already. */
  void add(Received received) {
    if (size.incrementAndGet() > MAX_PENDING) {
      size.decrementAndGet();
      judge(received);
      return;
    }
    queue.add(received);
  }

  /** Judges everything kept so far into the ledger, on the caller's thread and the common pool; returns how many. */
  int judgeAll() {
    var batch = new ArrayList<Received>(size.get());
    for (Received received; (received = queue.poll()) != null; ) {
      size.decrementAndGet();
      batch.add(received);
    }
    batch.parallelStream().forEach(this::judge);
    return batch.size();
  }

  private void judge(Received r) {
    JsonObject json = parsedOrNull(r.body());
    if (json == null) {
      ledger.recordNotJson(r.partner().id(), r.arrivalNanos());
      return;
    }
    PayloadVerdict verdict = inspector.inspect(r.body().toString(), json, r.headerValues(), r.partner().role(),
        r.partner().identityFields(), r.truth());
    Object id = json.getValue("id");
    ledger.record(r.partner().id(), id instanceof String text ? text : String.valueOf(id), verdict, r.arrivalNanos());
  }

  static JsonObject parsedOrNull(Buffer body) {
    try {
      return body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
