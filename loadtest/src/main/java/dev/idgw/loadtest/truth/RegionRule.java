package dev.idgw.loadtest.truth;

/**
 * The two parts of a jurisdiction rule that change a decision: the regime (only the recorded legal
 * basis depends on it) and how an {@code unknown} age band counts.
 *
 * @param optIn             share only with consent (GB, EU, default) rather than unless opted out
 * @param unknownAgeIsMinor whether an unknown age band counts as a minor (strip)
 */
public record RegionRule(boolean optIn, boolean unknownAgeIsMinor) {
  public static final RegionRule OPT_OUT_STATE = new RegionRule(false, false);
  public static final RegionRule OPT_IN_REGION = new RegionRule(true, true);
}
