package dev.idgw.gateway.sharelog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One ad request's sale/share record.
 *
 * @param entryId unique per record, so a replayed append (Lettuce may resend after a reconnect) is
 *     recognisable as the same record
 * @param requestId the gateway's own request id (the one partners saw), never the player's
 * @param subject HMAC-SHA256 of the normalized device ID under key {@code subjectKeyId}
 * @param consentVersion version of the consent record the decision read
 * @param rulesVersion version of the jurisdiction rules in force; when the decision was made under a rule
 *     with dates, also that rule: {@code 2026-11-01/US-OK@2027-01-01} (the same string field, so the
 *     canonical JSON and every stored entry's hash are unchanged)
 * @param signals the restricting signals and conditions seen on the request (reason codes such as
 *     {@code gpc}, {@code gpp_malformed}), so a record shows why some partners got less or nothing
 * @param configVersion the version of the partner profiles and jurisdiction rules in force (they reload
 *     without a restart); empty in records written before it was kept
 */
public record ShareRecord(String entryId, Instant time, String requestId, String writerId, String subject,
                          String subjectKeyId, String jurisdiction, long consentVersion, String rulesVersion,
                          List<ShareEntry> partners, List<String> signals, String configVersion) {
    public ShareRecord {
        Objects.requireNonNull(configVersion, "configVersion");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(writerId, "writerId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(subjectKeyId, "subjectKeyId");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        if (partners.isEmpty()) {
            throw new IllegalArgumentException("a share record lists at least one partner");
        }
        partners = List.copyOf(partners);
        signals = distinctSorted(signals);
    }

    /** A record without a config version (as written before it was kept). */
    public ShareRecord(String entryId, Instant time, String requestId, String writerId, String subject,
                       String subjectKeyId, String jurisdiction, long consentVersion, String rulesVersion,
                       List<ShareEntry> partners, List<String> signals) {
        this(entryId, time, requestId, writerId, subject, subjectKeyId, jurisdiction, consentVersion, rulesVersion,
                partners, signals, "");
    }

    /** A record of a request that carried no restricting signal. */
    public ShareRecord(String entryId, Instant time, String requestId, String writerId, String subject,
                       String subjectKeyId, String jurisdiction, long consentVersion, String rulesVersion,
                       List<ShareEntry> partners) {
        this(entryId, time, requestId, writerId, subject, subjectKeyId, jurisdiction, consentVersion, rulesVersion,
                partners, List.of());
    }

    /** Signals are few (often none): a plain copy, no stream on the per-request path. */
    private static List<String> distinctSorted(List<String> signals) {
        if (signals.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(signals.size());
        for (String signal : signals) {
            if (!out.contains(signal)) {
                out.add(Objects.requireNonNull(signal, "signal"));
            }
        }
        Collections.sort(out);
        return Collections.unmodifiableList(out);
    }
}
