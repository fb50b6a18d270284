package dev.idgw.gateway.support;

import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import dev.idgw.testkit.partner.StubBehavior;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** A partner for a test: its profile (minus the endpoint, which the stub provides) and its stub's behavior. */
public record PartnerSpec(String id, PartnerRole role, Set<Field> fields, EmailHashFormat emailFormat,
                          StrippedIpHandling strippedIp, Duration timeout, StubBehavior behavior,
                          boolean signRequests) {
    public PartnerSpec(String id, PartnerRole role, Set<Field> fields, EmailHashFormat emailFormat,
                       StrippedIpHandling strippedIp, Duration timeout, StubBehavior behavior) {
        this(id, role, fields, emailFormat, strippedIp, timeout, behavior, false);
    }

    public static PartnerSpec thirdParty(String id, Set<Field> fields) {
        return new PartnerSpec(id, PartnerRole.THIRD_PARTY, fields, EmailHashFormat.SHA256_HEX,
                StrippedIpHandling.REMOVE, Duration.ofMillis(200), StubBehavior.bidding());
    }

    public static PartnerSpec serviceProvider(String id, Set<Field> fields) {
        return thirdParty(id, fields).withRole(PartnerRole.SERVICE_PROVIDER);
    }

    public static PartnerSpec allFields(String id) {
        return thirdParty(id, EnumSet.allOf(Field.class));
    }

    public PartnerSpec withRole(PartnerRole r) {
        return new PartnerSpec(id, r, fields, emailFormat, strippedIp, timeout, behavior, signRequests);
    }

    public PartnerSpec withEmailFormat(EmailHashFormat f) {
        return new PartnerSpec(id, role, fields, f, strippedIp, timeout, behavior, signRequests);
    }

    public PartnerSpec withStrippedIp(StrippedIpHandling h) {
        return new PartnerSpec(id, role, fields, emailFormat, h, timeout, behavior, signRequests);
    }

    public PartnerSpec withTimeout(Duration t) {
        return new PartnerSpec(id, role, fields, emailFormat, strippedIp, t, behavior, signRequests);
    }

    public PartnerSpec withBehavior(StubBehavior b) {
        return new PartnerSpec(id, role, fields, emailFormat, strippedIp, timeout, b, signRequests);
    }

    /** Requests to this partner signed (HTTP Message Signatures), as {@code signRequests: true} in partners.yaml. */
    public PartnerSpec signed() {
        return new PartnerSpec(id, role, fields, emailFormat, strippedIp, timeout, behavior, true);
    }
}
