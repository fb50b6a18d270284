package dev.idgw.partners;

import java.util.Locale;

/** The three identifiers the privacy policy lets travel to advertising partners, and nothing else. */
public enum Field {
    HASHED_EMAIL("hashed_email"),
    DEVICE_ID("device_id"),
    IP("ip");

    private final String configName;

    Field(String configName) {
        this.configName = configName;
    }

    /** The name used in config files and share records. */
    public String configName() {
        return configName;
    }

    public static Field fromConfigName(String name) {
        for (Field f : values()) {
            if (f.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown identity field '" + name + "' (expected hashed_email, device_id or ip)");
    }
}
