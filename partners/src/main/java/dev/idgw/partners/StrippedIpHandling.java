package dev.idgw.partners;

/**
 * What a partner gets in place of the IP address when it may not have it: nothing, or the address
 * truncated to /24 (IPv4) and /56 (IPv6), the Prebid Server convention, which no longer singles out
 * a household but still allows coarse geo and fraud checks.
 */
public enum StrippedIpHandling {
    REMOVE("remove"),
    TRUNCATE("truncate");

    private final String configName;

    StrippedIpHandling(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static StrippedIpHandling fromConfigName(String name) {
        for (StrippedIpHandling h : values()) {
            if (h.configName.equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown stripped IP handling '" + name + "' (expected remove or truncate)");
    }
}
