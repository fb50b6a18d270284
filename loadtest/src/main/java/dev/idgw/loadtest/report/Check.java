package dev.idgw.loadtest.report;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of the verdict: what was checked, in words, its number, its target, and whether it was met.
 *
 * @param id              a stable token ({@code no-identity-leak}); the report's table row carries it
 * @param area            which part of the run it belongs to
 * @param claim           what holds when it is met, in a sentence
 * @param measured        the number this run produced, with its context ("0 violations in 3,612 payloads")
 * @param target          what it is held to ("0", "≤ 2 ms")
 * @param decidesVerdict  true when a miss fails the run (and its exit status); false for reported targets
 */
public record Check(String id, Area area, String claim, String measured, String target, Outcome outcome,
    boolean decidesVerdict) {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,40}");

  public Check {
    if (!ID.matcher(Objects.requireNonNull(id, "id")).matches()) {
      throw new IllegalArgumentException("check id must be a plain lower-case token, got " + id);
    }
    Objects.requireNonNull(area, "area");
    Objects.requireNonNull(claim, "claim");
    Objects.requireNonNull(measured, "measured");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The part of a run a check belongs to, in the order the report lists them. */
  public enum Area {
    TRUTH("truth checks"),
    SHARE_RECORDS("share-record coverage"),
    FAULT("fault recovery"),
    LATENCY("latency and throughput targets");

    private final String words;

    Area(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  public enum Outcome {
    MET("met"),
    NOT_MET("not met"),
    /** The run did not measure it (no baseline, no find-max, first requests skipped): neither met nor missed. */
    NOT_MEASURED("not measured");

    private final String words;

    Outcome(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }

    static Outcome of(boolean met) {
      return met ? MET : NOT_MET;
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("area", area.words())
        .put("claim", claim)
        .put("measured", measured)
        .put("target", target)
        .put("outcome", outcome.words())
        .put("decides_verdict", decidesVerdict);
  }
}
