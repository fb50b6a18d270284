package dev.idgw.gateway.requests;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How a consumer request was answered, and when (the §7102 "complied with in whole or in part" or "denied"). */
public sealed interface RequestOutcome {
    Instant answered();

    String wireName();

    /** Carried out at {@code answered}. */
    record Complied(Instant answered) implements RequestOutcome {
        public Complied {
            answered = answered.truncatedTo(ChronoUnit.MILLIS); // what the stream keeps
        }

        @Override
        public String wireName() {
            return "complied";
        }
    }

    /** Refused at {@code answered}, for {@code reason} (words, never an identifier). */
    record Denied(Instant answered, String reason) implements RequestOutcome {
        public Denied {
            answered = answered.truncatedTo(ChronoUnit.MILLIS);
        }

        @Override
        public String wireName() {
            return "denied";
        }
    }
}
