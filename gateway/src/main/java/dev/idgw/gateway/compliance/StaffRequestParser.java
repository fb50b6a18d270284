package dev.idgw.gateway.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.gateway.body.IdFormats;
import dev.idgw.gateway.body.StrictJsonObject;
import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.requests.ConsumerRequest;
import dev.idgw.gateway.requests.Pseudonyms;
import dev.idgw.gateway.requests.ReceivedAt;
import dev.idgw.gateway.requests.RequestChannel;
import dev.idgw.gateway.requests.RequestKind;
import dev.idgw.gateway.requests.RequestOutcome;
import dev.idgw.keys.KeyedHasher;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /compliance/v1/requests}: a request compliance staff answered outside the gateway
 * (an access request answered with the subject report, a deletion denied as unverifiable), so the §7102
 * metrics count every request. The subject's ID is turned into its pseudonym here and never stored.
 */
final class StaffRequestParser {
    private static final Set<String> FIELDS = Set.of("kind", "deviceId", "accountId", "jurisdiction", "received",
            "answered", "outcome", "reason", "note");
    private static final int MAX_WORDS = 300;
    private static final Pattern EMAIL_LIKE = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

    private StaffRequestParser() {
    }

    static ConsumerRequest parse(byte[] body, KeyedHasher hasher, Instant now) {
        JsonNode root = StrictJsonObject.parse(body, FIELDS);
        RequestKind kind = RequestKind.fromWire(required(root, "kind")).orElseThrow(() -> GatewayException.badRequest(
                "kind: one of opt-out, opt-in, limit, delete, access"));
        String deviceId = StrictJsonObject.text(root, "deviceId", false);
        String accountId = StrictJsonObject.text(root, "accountId", false);
        if ((deviceId == null) == (accountId == null)) {
            throw GatewayException.badRequest("deviceId or accountId: exactly one, naming whose request it was");
        }
        if (deviceId != null && !IdFormats.DEVICE_ID.matcher(deviceId).matches()) {
            throw GatewayException.badRequest("deviceId: 1-128 printable ASCII characters");
        }
        if (accountId != null && !IdFormats.ACCOUNT_ID.matcher(accountId).matches()) {
            throw GatewayException.badRequest("accountId: 1-128 of letters, digits and . _ : @ -");
        }
        String jurisdiction = StrictJsonObject.text(root, "jurisdiction", false);
        if (jurisdiction != null && !IdFormats.JURISDICTION.matcher(jurisdiction).matches()) {
            throw GatewayException.badRequest("jurisdiction: a region code such as US-CA");
        }
        Instant received = ReceivedAt.parse("received", required(root, "received"), now).orElseThrow();
        Instant answered = ReceivedAt.parse("answered", StrictJsonObject.text(root, "answered", false), now).orElse(now);
        if (answered.isBefore(received)) {
            throw GatewayException.badRequest("answered: before received");
        }
        String subjectId = deviceId != null ? deviceId : accountId;
        String reason = words(root, "reason", subjectId);
        String note = words(root, "note", subjectId);
        RequestOutcome outcome = switch (required(root, "outcome")) {
            case "complied" -> new RequestOutcome.Complied(answered);
            case "denied" -> {
                if (reason == null || reason.isBlank()) {
                    throw GatewayException.badRequest("reason: required when the outcome is denied (words, no identifier)");
                }
                yield new RequestOutcome.Denied(answered, reason);
            }
            default -> throw GatewayException.badRequest("outcome: complied or denied");
        };
        return new ConsumerRequest("", kind, RequestChannel.STAFF,
                deviceId != null ? ConsumerRequest.SubjectType.DEVICE : ConsumerRequest.SubjectType.ACCOUNT,
                deviceId != null ? Pseudonyms.device(hasher, deviceId) : Pseudonyms.account(hasher, accountId),
                jurisdiction, received, outcome, 0, "", note);
    }

    private static String required(JsonNode root, String name) {
        return StrictJsonObject.text(root, name, true);
    }

    /** Free text, short, and never the subject's own ID (the records hold pseudonyms only). */
    private static String words(JsonNode root, String name, String subjectId) {
        String value = StrictJsonObject.text(root, name, false);
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_WORDS) {
            throw GatewayException.badRequest(name + ": at most " + MAX_WORDS + " characters");
        }
        if (value.toLowerCase(Locale.ROOT).contains(subjectId.toLowerCase(Locale.ROOT))) {
            throw GatewayException.badRequest(name + ": must not contain the subject's ID (records keep pseudonyms only)");
        }
        if (EMAIL_LIKE.matcher(value).find()) {
            throw GatewayException.badRequest(name + ": must not contain an email address (records keep pseudonyms only)");
        }
        return value;
    }
}
