package dev.idgw.partners;

import java.util.Locale;

/** The three identifiers the privacy policy lets travel to advertising partners, and nothing else. */
public enum Field implements ConfigName {
    HASHED_EMAIL("hashed_email"),
    DEVICE_ID("device_id"),
    IP("ip");

    private final String configName;

    Field(String configName) {
        this.configName = configName;
    }

    /** The name used in config files and share records. */
    @Override
    public String configName() {
        return configName;
    }

    public static Field fromConfigName(String name) {
        return ConfigName.parse(Field.class, name.toLowerCase(Locale.ROOT), "identity field");
    }
}
