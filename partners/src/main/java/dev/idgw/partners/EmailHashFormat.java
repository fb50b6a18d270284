package dev.idgw.partners;

/**
 * How a partner wants the hashed email: the SHA-256 of the normalized address as lowercase hex
 * (LiveRamp, Google), as base64 of the raw 32 bytes (UID2), or an HMAC-SHA256 with a key of that
 * partner's own so its hashes cannot be joined with another partner's.
 */
public enum EmailHashFormat implements ConfigName {
    SHA256_HEX("sha256_hex"),
    SHA256_BASE64("sha256_base64"),
    HMAC_SHA256_HEX("hmac_sha256_hex");

    private final String configName;

    EmailHashFormat(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static EmailHashFormat fromConfigName(String name) {
        return ConfigName.parse(EmailHashFormat.class, name, "hashed email format");
    }
}
