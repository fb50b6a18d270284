package dev.idgw.gateway.decision;

import dev.idgw.partners.ConfigName;

/**
 * What a region's law lets happen to the data of a minor (below the rule's {@code minorAge}) for sale or
 * targeted advertising. Documents the law: the policy shares nothing about a known minor or child in any
 * region, so neither value changes a decision; {@code never} marks the laws (MD, OR and CT from 2026-07-01)
 * under which a consent record or a GPP consent field for a minor must never be read as permission.
 */
public enum MinorsRule implements ConfigName {
    /** The law allows sale or targeted ads with the minor's (13 and over) or a parent's consent. */
    CONSENT("consent"),
    /** The law bans sale and targeted ads for minors, even with consent. */
    NEVER("never");

    private final String configName;

    MinorsRule(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }

    public static MinorsRule fromConfigName(String s) {
        return ConfigName.parse(MinorsRule.class, s, "minors");
    }
}
