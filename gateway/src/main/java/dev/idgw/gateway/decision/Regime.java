package dev.idgw.gateway.decision;

/** Opt-out: identity may travel unless the person opted out (US states). Opt-in: only with consent (EU, UK). */
public enum Regime {
    OPT_OUT("opt_out"),
    OPT_IN("opt_in");

    private final String configName;

    Regime(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Regime fromConfigName(String s) {
        for (Regime r : values()) {
            if (r.configName.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown regime '" + s + "' (expected opt_out or opt_in)");
    }
}
