package dev.idgw.gateway.decision;

import java.util.Map;
import java.util.Objects;

/** All regions' rules with a version (recorded in every share entry) and the fallback for unlisted regions. */
public record JurisdictionRules(String version, Map<String, JurisdictionRule> byCode, JurisdictionRule fallback) {
    public JurisdictionRules {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fallback, "fallback");
        byCode = Map.copyOf(byCode);
    }

    public JurisdictionRule forCode(String code) {
        JurisdictionRule rule = code == null ? null : byCode.get(code);
        return rule == null ? fallback : rule;
    }
}
