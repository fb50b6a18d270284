package dev.idgw.loadtest.truth;

import java.util.Locale;

/** The consent record's age band, as the consent API spells it. */
public enum AgeBand {
  ADULT, MINOR, CHILD, UNKNOWN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
