package dev.idgw.gateway.decision;

/** The legacy IAB US Privacy string ({@code regs.us_privacy}): third character Y means opted out of sale. */
public enum UsPrivacySignal {
    ABSENT, NOT_OPTED_OUT, OPTED_OUT, NOT_APPLICABLE, MALFORMED;

    public static UsPrivacySignal parse(String value) {
        if (value == null) {
            return ABSENT;
        }
        if (value.length() != 4 || value.charAt(0) != '1') {
            return MALFORMED;
        }
        for (int i = 1; i < 4; i++) {
            char c = value.charAt(i);
            if (c != 'Y' && c != 'N' && c != '-') { // the spec allows no lower case
                return MALFORMED;
            }
        }
        return switch (value.charAt(2)) {
            case 'Y' -> OPTED_OUT;
            case 'N' -> NOT_OPTED_OUT;
            default -> NOT_APPLICABLE;
        };
    }
}
