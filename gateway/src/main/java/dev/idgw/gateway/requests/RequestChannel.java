package dev.idgw.gateway.requests;

import java.util.Optional;

/** How a consumer request reached the gateway. */
public enum RequestChannel {
    /** A consent API write for one device (the consent service relaying the person's choice). */
    API("api"),
    /** A consent API choice for a whole account ("on all my devices"). */
    ACCOUNT("account"),
    /** An opt-out preference signal (Global Privacy Control) on an ad request. */
    GPC("gpc"),
    /** Recorded by compliance staff for a request handled outside the gateway (an access request, a denial). */
    STAFF("staff");

    private final String wireName;

    RequestChannel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RequestChannel> fromWire(String value) {
        for (RequestChannel c : values()) {
            if (c.wireName.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
