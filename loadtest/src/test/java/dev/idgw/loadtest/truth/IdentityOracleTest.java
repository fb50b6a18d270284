package dev.idgw.loadtest.truth;

import static dev.idgw.loadtest.truth.Truths.adultWithEmail;
import static dev.idgw.loadtest.truth.Truths.device;
import static dev.idgw.loadtest.truth.Truths.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The README's decision table, row by row. */
class IdentityOracleTest {
  private final IdentityOracle oracle = new IdentityOracle(RegionRules.readme());

  @Test
  void shouldAllowAConsentedAdultWithoutSignalsEverything() {
    assertThat(oracle.expectedFields(request(adultWithEmail()).build(), PartnerRole.THIRD_PARTY,
        EnumSet.allOf(Field.class))).containsExactlyInAnyOrder(Field.values());
  }

  @Test
  void shouldCapFieldsAtTheProfileAndAtWhatTheRequestHas() {
    var noEmail = device(new ConsentTruth(true, "US-VA", AgeBand.ADULT));
    assertThat(oracle.expectedFields(request(noEmail).build(), PartnerRole.THIRD_PARTY, EnumSet.allOf(Field.class)))
        .containsExactlyInAnyOrder(Field.DEVICE_ID, Field.IP);
    assertThat(oracle.expectedFields(request(adultWithEmail()).build(), PartnerRole.SERVICE_PROVIDER,
        EnumSet.of(Field.HASHED_EMAIL))).containsExactly(Field.HASHED_EMAIL);
  }

  @Test
  void shouldStripForEveryPartnerOnRecordAgeAndDeviceSignals() {
    for (PartnerRole role : PartnerRole.values()) {
      assertThat(oracle.identityAllowed(request(device(null)).build(), role)).as("no record").isFalse();
      assertThat(oracle.identityAllowed(request(new DeviceTruth("z", DeviceTruth.ZERO_IFA, null, null)).build(), role))
          .as("zero IFA").isFalse();
      assertThat(oracle.identityAllowed(request(device(new ConsentTruth(false, "US-CA", AgeBand.ADULT))).build(), role))
          .as("denied").isFalse();
      assertThat(oracle.identityAllowed(request(device(new ConsentTruth(true, "US-CA", AgeBand.MINOR))).build(), role))
          .as("minor").isFalse();
      assertThat(oracle.identityAllowed(request(device(new ConsentTruth(true, "US-CA", AgeBand.CHILD))).build(), role))
          .as("child").isFalse();
      assertThat(oracle.identityAllowed(request(adultWithEmail()).coppa().build(), role)).as("coppa").isFalse();
      assertThat(oracle.identityAllowed(request(adultWithEmail()).lmt().build(), role)).as("lmt").isFalse();
    }
  }

  @Test
  void shouldStripOnlyThirdPartiesOnOptOutSignals() {
    for (RequestTruth optedOut : new RequestTruth[] {request(adultWithEmail()).gpc().build(),
        request(adultWithEmail()).usPrivacy("1YYN").build(), request(adultWithEmail()).usPrivacy("1Y").build(),
        request(adultWithEmail()).usPrivacy("1yyn").build()}) {
      assertThat(oracle.identityAllowed(optedOut, PartnerRole.THIRD_PARTY)).isFalse();
      assertThat(oracle.identityAllowed(optedOut, PartnerRole.SERVICE_PROVIDER)).isTrue();
    }
    assertThat(oracle.identityAllowed(request(adultWithEmail()).usPrivacy("1YNN").build(), PartnerRole.THIRD_PARTY))
        .isTrue();
  }

  @Test
  void shouldCountAnUnknownAgeAsTheRegionSays() {
    assertThat(oracle.identityAllowed(request(device(new ConsentTruth(true, "US-CA", AgeBand.UNKNOWN))).build(),
        PartnerRole.THIRD_PARTY)).as("US-CA: adult").isTrue();
    assertThat(oracle.identityAllowed(request(device(new ConsentTruth(true, "GB", AgeBand.UNKNOWN))).build(),
        PartnerRole.THIRD_PARTY)).as("GB: minor").isFalse();
    assertThat(oracle.identityAllowed(request(device(new ConsentTruth(true, "US-WA", AgeBand.UNKNOWN))).build(),
        PartnerRole.THIRD_PARTY)).as("default: minor").isFalse();
    assertThat(oracle.identityAllowed(request(device(new ConsentTruth(true, "GB", AgeBand.ADULT))).build(),
        PartnerRole.THIRD_PARTY)).as("GB with consent").isTrue();
  }

  @Test
  void shouldReadTheRegionRulesFromTheRepositorysJurisdictionsFile() throws Exception {
    var file = java.nio.file.Path.of("../config/jurisdictions.yaml");
    var rules = RegionRules.fromJurisdictionsFile(file, java.time.Instant.parse("2026-12-07T00:00:00Z"));
    assertThat(rules.forCode("US-CA")).isEqualTo(RegionRule.OPT_OUT_STATE);
    assertThat(rules.forCode("GB")).isEqualTo(RegionRule.OPT_IN_REGION);
    assertThat(rules.forCode("US-WA")).isEqualTo(RegionRule.OPT_IN_REGION);
    assertThat(rules.byCode()).isEqualTo(RegionRules.readme().byCode());
  }

  @Test
  void shouldKeepTheDatedRuleInForceAtTheGivenTime() throws Exception {
    var file = java.nio.file.Path.of("../config/jurisdictions.yaml");
    var lastDay = RegionRules.fromJurisdictionsFile(file, java.time.Instant.parse("2026-12-31T23:59:59Z"));
    var firstDay = RegionRules.fromJurisdictionsFile(file, java.time.Instant.parse("2027-01-01T00:00:00Z"));
    var beforeAmendment = RegionRules.fromJurisdictionsFile(file, java.time.Instant.parse("2026-06-30T12:00:00Z"));
    assertThat(lastDay.forCode("US-OK")).as("before its law: the default").isEqualTo(RegionRule.OPT_IN_REGION);
    assertThat(firstDay.forCode("US-OK")).isEqualTo(RegionRule.OPT_OUT_STATE);
    assertThat(firstDay.forCode("US-LA")).isEqualTo(RegionRule.OPT_OUT_STATE);
    assertThat(firstDay.forCode("US-AL")).as("from 2027-05-01").isEqualTo(RegionRule.OPT_IN_REGION);
    assertThat(beforeAmendment.forCode("US-CT")).as("the list's first period").isEqualTo(RegionRule.OPT_OUT_STATE);
    assertThat(lastDay.forCode("US-CT")).as("the list's second period").isEqualTo(RegionRule.OPT_OUT_STATE);
  }

  @Test
  void shouldNormalizeEmailsAsTheConsentApiDoes() {
    assertThat(EmailAddresses.normalize("  Jane.Doe+tv@Gmail.com ")).isEqualTo("janedoe@gmail.com");
    assertThat(EmailAddresses.normalize("Jane.Doe+tv@Example.COM")).isEqualTo("jane.doe+tv@example.com");
    // printf '%s' 'janedoe@gmail.com' | sha256sum
    assertThat(java.util.HexFormat.of().formatHex(EmailAddresses.sha256OfNormalized("Jane.Doe@gmail.com")))
        .isEqualTo("d6117306485ed0e50afab3ac871e98f81699151f30281527d63ff5f233656c69");
  }
}
