package dev.idgw.gateway.decision;

import dev.idgw.partners.ConfigName;

/** Opt-out: identity may travel unless the person opted out (US states). Opt-in: only with consent (EU, UK). */
public enum Regime implements ConfigName {
    OPT_OUT("opt_out"),
    OPT_IN("opt_in");

    private final String configName;

    Regime(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static Regime fromConfigName(String s) {
        return ConfigName.parse(Regime.class, s, "regime");
    }
}
