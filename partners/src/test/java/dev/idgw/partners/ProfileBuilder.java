package dev.idgw.partners;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** A valid partner profile with sensible defaults, so each test states only what matters to it. */
final class ProfileBuilder {
    private String id = "acme";
    private URI endpoint = URI.create("https://bids.acme.example/openrtb2");
    private PartnerRole role = PartnerRole.THIRD_PARTY;
    private String category = "advertising network";
    private Set<Field> fields = EnumSet.allOf(Field.class);
    private EmailHashFormat emailFormat = EmailHashFormat.SHA256_HEX;
    private String eidSource = "liveramp.com";
    private StrippedIpHandling strippedIp = StrippedIpHandling.REMOVE;
    private Duration timeout = Duration.ofMillis(150);

    private ProfileBuilder() {
    }

    static ProfileBuilder aProfile() {
        return new ProfileBuilder();
    }

    ProfileBuilder withId(String value) {
        id = value;
        return this;
    }

    ProfileBuilder withEndpoint(String value) {
        endpoint = URI.create(value);
        return this;
    }

    ProfileBuilder withRole(PartnerRole value) {
        role = value;
        return this;
    }

    ProfileBuilder withFields(Set<Field> value) {
        fields = value;
        return this;
    }

    ProfileBuilder withFields(Field... value) {
        fields = value.length == 0 ? Set.of() : EnumSet.of(value[0], value);
        return this;
    }

    ProfileBuilder withEmailFormat(EmailHashFormat value) {
        emailFormat = value;
        return this;
    }

    ProfileBuilder withEidSource(String value) {
        eidSource = value;
        return this;
    }

    ProfileBuilder withStrippedIp(StrippedIpHandling value) {
        strippedIp = value;
        return this;
    }

    ProfileBuilder withTimeout(Duration value) {
        timeout = value;
        return this;
    }

    PartnerProfile build() {
        return new PartnerProfile(id, endpoint, role, category, fields, emailFormat, eidSource, strippedIp, timeout);
    }
}
