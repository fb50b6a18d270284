package dev.idgw.gateway.preview;

import dev.idgw.gateway.auction.PartnerDecision;
import dev.idgw.gateway.decision.Reason;
import dev.idgw.partners.Field;
import dev.idgw.partners.OutboundIdentity;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What became of one identity field in one partner's payload, and why.
 *
 * @param reasons the decision's reasons behind the outcome (empty where the contract or a missing value decides)
 * @param why the outcome in words
 */
public record FieldOutcome(Status status, List<Reason> reasons, String why) {
    public enum Status {
        /** The value travels. */
        SENT,
        /** Only the address truncated to /24 or /56 travels (the profile's {@code strippedIp: truncate}). */
        TRUNCATED,
        /** The request has a value, the contract lists the field, and the decision withheld it. */
        STRIPPED,
        /** The partner's profile does not list the field: it never travels, whatever consent says. */
        NOT_IN_CONTRACT,
        /** Nothing to send: the request (or, for the email hash, the consent record) has no value. */
        ABSENT;

        /** As the answer spells it: {@code sent}, {@code not-in-contract}, … */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public FieldOutcome {
        reasons = List.copyOf(reasons);
    }

    /**
     * @param available the fields the request has a value for (see
     *     {@link dev.idgw.gateway.auction.RequestDecisions#availableFields()})
     * @param recordFound whether a consent record was found (for the words about a missing email hash)
     */
    static FieldOutcome of(Field field, PartnerDecision decided, Set<Field> available, boolean recordFound) {
        OutboundIdentity identity = decided.identity();
        boolean inContract = decided.partner().mayReceive(field);
        List<Reason> reasons = decided.decision().reasons();
        if (identity.sentFields().contains(field)) {
            return new FieldOutcome(Status.SENT, reasons, "sent: the decision allows it and the partner's profile lists it");
        }
        if (field == Field.IP && (identity.ipv4() != null || identity.ipv6() != null)) {
            return new FieldOutcome(Status.TRUNCATED, inContract ? reasons : List.of(),
                    "only the address truncated to /24 (IPv4) or /56 (IPv6) travels, which no longer singles out a "
                            + "household (strippedIp: truncate): " + (inContract ? "the decision withheld the full "
                            + "address" : "the partner's profile does not list ip"));
        }
        if (!inContract) {
            return new FieldOutcome(Status.NOT_IN_CONTRACT, List.of(),
                    "the partner's profile does not list " + field.configName() + ": never sent, whatever consent says");
        }
        if (!available.contains(field)) {
            return new FieldOutcome(Status.ABSENT, List.of(), absent(field, recordFound));
        }
        return new FieldOutcome(Status.STRIPPED, reasons, "withheld by the decision (see the reasons)");
    }

    private static String absent(Field field, boolean recordFound) {
        return switch (field) {
            case DEVICE_ID -> "nothing to send: the request has no device ID (device.ifa)";
            case IP -> "nothing to send: the request has no address (device.ip, device.ipv6, nor a peerAddress)";
            case HASHED_EMAIL -> recordFound ? "nothing to send: the consent record holds no email hash"
                    : "nothing to send: the email hash comes from a consent record, and none was found";
        };
    }
}
