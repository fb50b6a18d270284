package dev.idgw.gateway.consent;

import java.util.Locale;

/** The age bands the consent service knows: child (&lt;13), minor (13–17), adult, unknown. */
public enum AgeBand {
    CHILD, MINOR, ADULT, UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgeBand fromWireName(String s) {
        for (AgeBand b : values()) {
            if (b.wireName().equals(s)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown age band '" + s + "' (expected child, minor, adult or unknown)");
    }
}
