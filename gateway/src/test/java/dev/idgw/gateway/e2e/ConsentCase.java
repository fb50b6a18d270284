package dev.idgw.gateway.e2e;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import java.util.Map;

/**
 * One generated case of the randomized invariant test: what the device's consent record is (or why
 * there is none), and which privacy signals the request carries.
 */
record ConsentCase(int index, String deviceId, RecordKind kind, ConsentRecord record, Map<String, String> corrupt,
                   boolean gpc, boolean coppa, boolean lmt, String usPrivacy, GppKind gpp, String ipv4, String ipv6,
                   String marker) {

    enum RecordKind { NONE, VALID, CORRUPT }

    enum GppKind {
        ABSENT(null, null),
        NOT_OPTED_OUT("DBABLA~BFQqAAAAAACA.QA", 7),
        OPTED_OUT("DBABLA~BFQVAAAAAACA.YA", 7),
        GARBAGE("DBAB~notgpp!", 7),
        UNSUPPORTED_SECTION("DBABLA~BFQqAAAAAACA.QA", 2);

        final String gpp;
        final Integer sid;

        GppKind(String gpp, Integer sid) {
            this.gpp = gpp;
            this.sid = sid;
        }
    }

    /** The oracle, written apart from the gateway's decider: may this partner role get identity at all? */
    boolean identityAllowedFor(boolean thirdParty) {
        if (kind != RecordKind.VALID || deviceId == null || !record.adConsent() || coppa || lmt) {
            return false;
        }
        AgeBand age = record.ageBand();
        boolean unknownCountsAsMinor = !record.jurisdiction().startsWith("US-")
                || "US-WA".equals(record.jurisdiction()); // GB, EU and unlisted regions: unknown age is a minor
        if (age == AgeBand.CHILD || age == AgeBand.MINOR || (age == AgeBand.UNKNOWN && unknownCountsAsMinor)) {
            return false;
        }
        if (!thirdParty) {
            return true;
        }
        boolean uspOptOut = usPrivacy != null && !usPrivacy.equals("1YNN") && !usPrivacy.equals("1---")
                && !usPrivacy.equals("1NNN");
        boolean gppRestricts = gpp == GppKind.OPTED_OUT || gpp == GppKind.GARBAGE || gpp == GppKind.UNSUPPORTED_SECTION;
        return !gpc && !uspOptOut && !gppRestricts;
    }
}
