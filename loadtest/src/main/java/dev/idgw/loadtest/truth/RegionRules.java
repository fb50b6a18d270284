package dev.idgw.loadtest.truth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Region rules by code, with a default for every code not listed. {@link #readme()} is the README's
 * state table; {@link #fromJurisdictionsFile} reads the one-line-per-region file the scenario hands the
 * gateway (data, not code: the oracle should judge by the rules the gateway was given).
 */
public record RegionRules(Map<String, RegionRule> byCode, RegionRule fallback) {
  private static final Pattern LINE = Pattern.compile(
      "^\\s+([A-Za-z0-9-]+):\\s*\\{(.*)}\\s*$");
  private static final Pattern REGIME = Pattern.compile("regime:\\s*(opt_in|opt_out)");
  private static final Pattern UNKNOWN_AGE = Pattern.compile("unknownAgeAs:\\s*(adult|minor)");

  public RegionRules {
    byCode = Map.copyOf(byCode);
  }

  public RegionRule forCode(String code) {
    return code == null ? fallback : byCode.getOrDefault(code, fallback);
  }

  /** The README's table: every US state listed is opt-out with unknown age counting as adult; GB, EU and everywhere else opt-in, unknown age a minor. */
  public static RegionRules readme() {
    var rules = new LinkedHashMap<String, RegionRule>();
    for (String state : new String[] {"CA", "VA", "UT", "IA", "TN", "IN", "KY", "RI", "TX", "OR", "NH", "NE",
        "NJ", "MN", "CO", "CT", "MT", "DE", "MD"}) {
      rules.put("US-" + state, RegionRule.OPT_OUT_STATE);
    }
    rules.put("GB", RegionRule.OPT_IN_REGION);
    rules.put("EU", RegionRule.OPT_IN_REGION);
    return new RegionRules(rules, RegionRule.OPT_IN_REGION);
  }

  /**
   * Reads {@code config/jurisdictions.yaml}'s flow-style lines ({@code US-CA: {regime: opt_out, …,
   * unknownAgeAs: adult}}). No YAML library: this module depends on nothing it does not need, and the
   * file's shape is fixed. A file with no {@code default} line is refused.
   */
  public static RegionRules fromJurisdictionsFile(Path file) throws IOException {
    var rules = new LinkedHashMap<String, RegionRule>();
    RegionRule fallback = null;
    for (String line : Files.readAllLines(file)) {
      var matcher = LINE.matcher(line);
      if (!matcher.matches()) {
        continue;
      }
      var regime = REGIME.matcher(matcher.group(2));
      if (!regime.find()) {
        continue;
      }
      var unknownAge = UNKNOWN_AGE.matcher(matcher.group(2));
      boolean unknownIsMinor = unknownAge.find() && unknownAge.group(1).equals("minor");
      var rule = new RegionRule(regime.group(1).equals("opt_in"), unknownIsMinor);
      if (matcher.group(1).equals("default")) {
        fallback = rule;
      } else {
        rules.put(matcher.group(1), rule);
      }
    }
    if (fallback == null) {
      throw new IOException(file + ": no 'default:' region line found");
    }
    return new RegionRules(rules, fallback);
  }
}
