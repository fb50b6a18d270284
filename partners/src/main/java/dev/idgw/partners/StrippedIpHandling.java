package dev.idgw.partners;

/**
 * What a partner gets in place of the IP address when it may not have it: nothing, or the address
 * truncated to /24 (IPv4) and /56 (IPv6), the Prebid Server convention, which no longer singles out
 * a household but still allows coarse geo and fraud checks.
 */
public enum StrippedIpHandling implements ConfigName {
    REMOVE("remove"),
    TRUNCATE("truncate");

    private final String configName;

    StrippedIpHandling(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static StrippedIpHandling fromConfigName(String name) {
        return ConfigName.parse(StrippedIpHandling.class, name, "stripped IP handling");
    }
}
