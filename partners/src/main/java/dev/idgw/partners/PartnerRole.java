package dev.idgw.partners;

/**
 * What handing identity to a partner means in law: a sale/share to a third party, or a disclosure to
 * a service provider for a business purpose. Opt-outs of sale/sharing bind third parties only;
 * withdrawn consent, minors and missing consent bind both.
 */
public enum PartnerRole implements ConfigName {
    THIRD_PARTY("third_party"),
    SERVICE_PROVIDER("service_provider");

    private final String configName;

    PartnerRole(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static PartnerRole fromConfigName(String name) {
        return ConfigName.parse(PartnerRole.class, name, "role");
    }
}
