package dev.idgw.loadtest.truth;

/** A partner's legal role: an opt-out of sale/sharing binds third parties, not service providers. */
public enum PartnerRole {
  THIRD_PARTY("third_party"), SERVICE_PROVIDER("service_provider");

  private final String wireName;

  PartnerRole(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
