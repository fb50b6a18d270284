package dev.idgw.gateway.requests;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One consumer request as kept for 11 CCR §7101: what was asked, how, about whom (a pseudonym: the keyed hash
 * of the device ID, or of {@code account:<id>}, the same pseudonyms as the share log), when it was received
 * and how and when it was answered.
 *
 * @param id the stream entry ID once stored ({@code <epoch ms>-<n>}), "" before
 * @param jurisdiction the region code the person's record names (US-CA …), "" when unknown
 * @param devices how many device records the request changed (an account-wide choice changes several)
 * @param source for a change another request caused (an account's opt-out caused by one device's GPC): that
 *               device's pseudonym; "" otherwise
 * @param note words for the reader (why a signal did not reach the account, …), never an identifier
 */
public record ConsumerRequest(String id, RequestKind kind, RequestChannel via, SubjectType subjectType,
                              String subject, String jurisdiction, Instant received, RequestOutcome outcome,
                              int devices, String source, String note) {

    /** Whose request: one device's, or an account's (all the devices linked to it). */
    public enum SubjectType {
        DEVICE("device"), ACCOUNT("account");

        private final String wireName;

        SubjectType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public ConsumerRequest {
        jurisdiction = jurisdiction == null ? "" : jurisdiction;
        source = source == null ? "" : source;
        note = note == null ? "" : note;
        id = id == null ? "" : id;
        received = received.truncatedTo(ChronoUnit.MILLIS); // what the stream keeps
    }

    /** A request carried out at once: received and answered at {@code at}. */
    public static ConsumerRequest complied(RequestKind kind, RequestChannel via, SubjectType subjectType, String subject,
                                           String jurisdiction, Instant received, Instant at, int devices) {
        return new ConsumerRequest("", kind, via, subjectType, subject, jurisdiction, received,
                new RequestOutcome.Complied(at), devices, "", "");
    }

    public ConsumerRequest withSource(String sourcePseudonym) {
        return new ConsumerRequest(id, kind, via, subjectType, subject, jurisdiction, received, outcome, devices,
                sourcePseudonym, note);
    }

    public ConsumerRequest withNote(String words) {
        return new ConsumerRequest(id, kind, via, subjectType, subject, jurisdiction, received, outcome, devices,
                source, words);
    }

    public ConsumerRequest withId(String streamId) {
        return new ConsumerRequest(streamId, kind, via, subjectType, subject, jurisdiction, received, outcome, devices,
                source, note);
    }

    /** Days from receipt to answer, fractional (the §7102 "days to respond"). */
    public double daysToRespond() {
        return Duration.between(received, outcome.answered()).toMillis() / 86_400_000.0;
    }
}
