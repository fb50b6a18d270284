package dev.idgw.loadtest.truth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
  /** A region whose rules are a list of dated periods: {@code US-CT:} alone on its line, items below. */
  private static final Pattern LIST_HEADER = Pattern.compile("^\\s+([A-Za-z0-9-]+):\\s*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s+-\\s*\\{(.*)}\\s*$");
  private static final Pattern EFFECTIVE = Pattern.compile("effective:\\s*(\\d{4}-\\d{2}-\\d{2})");
  private static final Pattern UNTIL = Pattern.compile("until:\\s*(\\d{4}-\\d{2}-\\d{2})");
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
   * unknownAgeAs: adult}}), and regions listed as dated periods ({@code US-CT:} followed by {@code - {…,
   * until: 2026-07-01}} items), keeping for each region the rule in force at {@code asOf} ({@code effective}
   * inclusive, {@code until} exclusive, both 00:00 UTC; a region with no period in force falls to the default,
   * as in the gateway). No YAML library: this module depends on nothing it does not need, and the file's
   * shape is fixed. A file with no {@code default} line is refused. A run that crosses a rule's date is
   * judged by the rules at {@code asOf} (the scenario's start).
   */
  public static RegionRules fromJurisdictionsFile(Path file, Instant asOf) throws IOException {
    var rules = new LinkedHashMap<String, RegionRule>();
    RegionRule fallback = null;
    String listedRegion = null;
    for (String line : Files.readAllLines(file)) {
      String code;
      String body;
      var single = LINE.matcher(line);
      var header = LIST_HEADER.matcher(line);
      var item = LIST_ITEM.matcher(line);
      if (single.matches()) {
        listedRegion = null;
        code = single.group(1);
        body = single.group(2);
      } else if (header.matches()) {
        listedRegion = header.group(1);
        continue;
      } else if (item.matches() && listedRegion != null) {
        code = listedRegion;
        body = item.group(1);
      } else {
        continue;
      }
      var regime = REGIME.matcher(body);
      if (!regime.find() || !inForce(body, asOf)) {
        continue;
      }
      var unknownAge = UNKNOWN_AGE.matcher(body);
      boolean unknownIsMinor = unknownAge.find() && unknownAge.group(1).equals("minor");
      var rule = new RegionRule(regime.group(1).equals("opt_in"), unknownIsMinor);
      if (code.equals("default")) {
        fallback = rule;
      } else {
        rules.put(code, rule);
      }
    }
    if (fallback == null) {
      throw new IOException(file + ": no 'default:' region line found");
    }
    return new RegionRules(rules, fallback);
  }

  private static boolean inForce(String body, Instant asOf) {
    var effective = EFFECTIVE.matcher(body);
    var until = UNTIL.matcher(body);
    return (!effective.find() || !asOf.isBefore(startOf(effective.group(1))))
        && (!until.find() || asOf.isBefore(startOf(until.group(1))));
  }

  private static Instant startOf(String isoDate) {
    return LocalDate.parse(isoDate).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
