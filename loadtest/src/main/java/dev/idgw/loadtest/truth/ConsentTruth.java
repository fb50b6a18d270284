package dev.idgw.loadtest.truth;

import java.util.Objects;

/**
 * A consent record as the load test wrote it through the consent API.
 *
 * @param jurisdiction region code, e.g. {@code US-CA}, {@code GB}, or one no rule names (the default rule)
 */
public record ConsentTruth(boolean adConsent, String jurisdiction, AgeBand ageBand) {
  public ConsentTruth {
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(ageBand, "ageBand");
  }
}
