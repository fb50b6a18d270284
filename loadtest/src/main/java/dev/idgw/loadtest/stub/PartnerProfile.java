package dev.idgw.loadtest.stub;

import dev.idgw.loadtest.truth.Field;
import dev.idgw.loadtest.truth.PartnerRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stub partner's profile: what the scenario writes into partners.yaml for it and what its stub
 * judges payloads by, so the two can never disagree.
 *
 * @param truncateStrippedIp {@code strippedIp: truncate} (else {@code remove})
 */
public record PartnerProfile(String id, PartnerRole role, String category, Set<Field> identityFields,
    EmailFormat emailFormat, boolean truncateStrippedIp) {
  public static final String GATEWAY_PATH = "/openrtb2/bid";
  public static final String BASELINE_PATH = "/baseline/bid";
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  public PartnerProfile {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("partner id must be 1-32 of [a-z0-9_-]: " + id);
    }
    identityFields = Set.copyOf(identityFields.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(identityFields));
  }

  /**
   * {@code count} partners cycling through three shapes that cover every field, both roles, both hash
   * formats and both IP treatments: a full third party (hex), a device-and-IP third party, and a
   * measurement service provider (email as base64, IP).
   */
  public static List<PartnerProfile> standard(int count) {
    var partners = new ArrayList<PartnerProfile>(count);
    for (int i = 0; i < count; i++) {
      String suffix = i < 3 ? "" : "-" + (i + 1);
      partners.add(switch (i % 3) {
        case 0 -> new PartnerProfile("acme-ssp" + suffix, PartnerRole.THIRD_PARTY, "advertising network",
            EnumSet.allOf(Field.class), EmailFormat.SHA256_HEX, true);
        case 1 -> new PartnerProfile("brightline" + suffix, PartnerRole.THIRD_PARTY, "advertising network",
            EnumSet.of(Field.DEVICE_ID, Field.IP), EmailFormat.SHA256_HEX, false);
        default -> new PartnerProfile("measurely" + suffix, PartnerRole.SERVICE_PROVIDER,
            "ad measurement service provider", EnumSet.of(Field.HASHED_EMAIL, Field.IP), EmailFormat.SHA256_BASE64,
            true);
      });
    }
    return partners;
  }

  /** This partner's entry for partners.yaml, pointing at {@code origin} + {@link #GATEWAY_PATH}. */
  public String toYaml(String origin) {
    String fields = identityFields.stream().sorted().map(Field::wireName).collect(Collectors.joining(", "));
    return "  - id: " + id + "\n"
        + "    endpoint: " + origin + GATEWAY_PATH + "\n"
        + "    role: " + role.wireName() + "\n"
        + "    category: " + category + "\n"
        + "    identityFields: [" + fields + "]\n"
        + "    hashedEmail: {format: " + emailFormat.configName() + ", eidSource: " + id + ".example}\n"
        + "    strippedIp: " + (truncateStrippedIp ? "truncate" : "remove") + "\n"
        + "    timeout: 150ms\n";
  }
}
