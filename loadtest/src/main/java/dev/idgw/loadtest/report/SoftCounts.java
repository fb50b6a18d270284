package dev.idgw.loadtest.report;

import static dev.idgw.loadtest.report.ScenarioData.doubleValue;
import static dev.idgw.loadtest.report.ScenarioData.longValue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every count in a scenario's report that is not a pass/fail check but changes how to read it, in words: what
 * it counts, why it does not fail the run, and what it would mean if it were large. The report prints each one,
 * zero or not, so a reader never has to guess whether a number was looked at.
 */
final class SoftCounts {
  /**
   * @param id      a stable token for the page ({@code expected-but-absent})
   * @param title   what is counted
   * @param number  this run's number, in short
   * @param words   what it means
   */
  record SoftCount(String id, String title, String number, String words) {}

  private SoftCounts() {}

  static List<SoftCount> of(JsonObject scenario) {
    var data = new ScenarioData(scenario);
    var counts = new ArrayList<SoftCount>();
    JsonObject checks = data.object("checks");
    JsonObject shares = data.object("share_records");

    JsonObject absent = checks.getJsonObject("identity_expected_but_absent", new JsonObject());
    long absentPayloads = longValue(absent, "payloads");
    String fields = Verdict.nonZero(absent.getJsonObject("by_field", new JsonObject()));
    counts.add(new SoftCount("expected-but-absent", "Identity expected but absent",
        Figures.count(absentPayloads) + " payload" + plural(absentPayloads) + (fields.isEmpty() ? "" : " (" + fields + ")"),
        "Payloads that lacked an identity field the truth allowed for that partner. The gateway strips a field "
            + "whenever it cannot decide or cannot record the share in time (the consent lookup or the share-log "
            + "append timed out, a circuit breaker was open, the deadline was too close), because an identity may "
            + "leave only with an acknowledged share record. That is failing closed: the partner loses an "
            + "identity, nobody's privacy is harmed, so it is counted and does not fail the verdict. For scale: "
            + Figures.count(longValue(checks, "identity_bearing")) + " payloads did carry identity. A large number "
            + "here means Redis or the share log could not keep up."));

    long unmatched = longValue(checks, "payloads_unmatched");
    counts.add(new SoftCount("unmatched", "Payloads not matched to a request of this run",
        Figures.count(unmatched) + " payload" + plural(unmatched),
        "Payloads whose correlation token named no request the generator had registered, so there was no truth "
            + "to judge their identity against: the gateway's own start-up calls that open each partner's "
            + "connection before it reports ready (4 per partner, identity-free by design) and answers to requests "
            + "whose truth was already forgotten after their phase. They are still searched for the generator's "
            + "markers and for anything shaped like an email address, which would count as violations."));

    long notJson = longValue(checks, "payloads_not_json");
    counts.add(new SoftCount("not-json", "Payloads that were not a JSON object",
        Figures.count(notJson) + " payload" + plural(notJson),
        "Counted and not judged: the gateway only ever sends JSON objects, so a number above 0 is worth a look "
            + "at the gateway's partner client, not a privacy finding."));

    long pulled = longValue(shares, "records_pulled");
    long identityPayloads = longValue(shares, "identity_bearing_payloads");
    counts.add(new SoftCount("records-pulled", "Share records read back",
        Figures.count(pulled) + " records for " + Figures.count(identityPayloads) + " identity-bearing payloads",
        "One share record stands for one ad request that shared anything and names every partner it shared "
            + "with, while payloads are counted per partner; so fewer records than identity-bearing payloads is "
            + "expected. Both include the warm-up and first-request phases, whose payloads were judged too. The "
            + "coverage check above matches each payload to its record by request id and partner."));

    for (String target : data.comparedTargets()) {
      JsonObject summary = data.comparison().orElseThrow().getJsonObject(target);
      long failures = longValue(summary, "failures");
      long requests = longValue(summary, "requests");
      String kinds = Verdict.nonZero(summary.getJsonObject("errors", new JsonObject()));
      counts.add(new SoftCount("failures-" + target, "Requests without a usable answer, " + target,
          Figures.count(failures) + " of " + Figures.count(requests) + (kinds.isEmpty() ? "" : " (" + kinds + ")"),
          "Measured requests that got no 200 or 204: timeout (no answer within the generator's timeout), connect "
              + "or io (the connection failed), dropped by generator (its in-flight cap was reached, so the "
              + "request was never sent), http_503 and other statuses (e.g. overload shedding). They are in the "
              + "failure rate above, not in the latency percentiles, which cover answered requests only."));
    }

    for (String target : data.comparedTargets()) {
      JsonObject summary = data.comparison().orElseThrow().getJsonObject(target);
      double lag = doubleValue(summary, "max_generator_lag_ms");
      counts.add(new SoftCount("generator-lag-" + target, "Generator lag during the " + target + "'s phase",
          Figures.millis(lag),
          "How far the load generator itself fell behind its schedule at worst. Latency is measured from each "
              + "request's intended send time, so this lag is inside the percentiles: a lag close to a p99 means "
              + "the machine (the generator, the stub partners, Redis and the target share its cores) made that "
              + "tail, not the " + target + "."));
    }

    for (String target : ScenarioData.TARGETS) {
      Optional<JsonObject> first = data.firstRequests(target);
      if (first.isPresent() && longValue(first.get(), "failures") > 0) {
        long failures = longValue(first.get(), "failures");
        counts.add(new SoftCount("first-failures-" + target, "Failed first requests, " + target,
            Figures.count(failures) + " of " + Figures.count(longValue(first.get(), "requests")),
            "Of the first requests after start (before any other load), these got no 200 or 204 in time. "
                + (target.equals(ScenarioData.BASELINE)
                    ? "The baseline proxy has no warm-up: its first requests show a cold JVM, which is why it is "
                        + "the control for the gateway's."
                    : "The gateway warms itself up before it reports ready, so these are worth a look at its log.")));
      }
    }

    JsonObject findMax = scenario.getJsonObject("find_max");
    if (findMax != null) {
      long retried = findMax.getJsonArray("steps").stream()
          .filter(step -> step instanceof JsonObject s && s.getString("phase", "").contains("-try-")).count();
      counts.add(new SoftCount("find-max-retries", "Repeated find-max steps", Figures.count(retried) + " tries",
          "A step that failed is tried once more, and up to four times in all while the failed try saw the "
              + "generator itself fall more than the inconclusive lag behind: then the machine stalled everything "
              + "on it and the step says nothing about the target. The same rule holds for both targets; every "
              + "try is in the JSON."));
    }

    JsonObject host = data.object("host");
    counts.add(new SoftCount("load-average", "Machine load",
        host.getString("load_average_at_start", "unknown") + " at start, " + host.getString("load_average_after_load",
            "unknown") + " after the load, on " + longValue(host, "cores") + " cores",
        "The load average (1, 5 and 15 minutes) as the run found it: anything above the number of cores means "
            + "other work competed with the run, and every latency above carries some of it. Compare targets "
            + "measured in the same run, not numbers across runs."));
    return counts;
  }

  private static String plural(long count) {
    return count == 1 ? "" : "s";
  }
}
