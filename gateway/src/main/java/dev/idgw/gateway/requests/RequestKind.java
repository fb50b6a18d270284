package dev.idgw.gateway.requests;

import java.util.Optional;

/** What a consumer asked for, in the words of 11 CCR §7102 (plus the consent a person gives back). */
public enum RequestKind {
    /** Opt out of the sale or sharing of personal information (a consent API "no", an account-wide "no", GPC). */
    OPT_OUT("opt-out"),
    /** Consent to sale or sharing (a consent API "yes"); not a §7102 type, kept because the order of choices matters. */
    OPT_IN("opt-in"),
    /** Limit the use of sensitive personal information. */
    LIMIT("limit"),
    /** Delete personal information. */
    DELETE("delete"),
    /** Know / access the personal information collected. */
    ACCESS("access");

    private final String wireName;

    RequestKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RequestKind> fromWire(String value) {
        for (RequestKind k : values()) {
            if (k.wireName.equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
