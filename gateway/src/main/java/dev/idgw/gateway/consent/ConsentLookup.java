package dev.idgw.gateway.consent;

/** The outcome of reading one device's consent. Only {@link Found} can ever allow identity to travel. */
public sealed interface ConsentLookup {
    record Found(ConsentRecord record) implements ConsentLookup {
    }

    /** No record for this device, or the request carried no device ID to look one up by. */
    record Missing() implements ConsentLookup {
    }

    /** A record exists but cannot be trusted (bad field, unknown value). */
    record Malformed(String why) implements ConsentLookup {
    }

    /** Redis did not answer in time, refused, or was disconnected. */
    record Unavailable(String why) implements ConsentLookup {
    }
}
