package dev.idgw.gateway.config;

import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * partners.yaml: {@code partners:}, a list of partner profiles with unique ids. The defaults of a
 * profile's optional keys are here.
 */
final class PartnersReader {
    static final String DEFAULT_CATEGORY = "advertising network";
    static final EmailHashFormat DEFAULT_EMAIL_FORMAT = EmailHashFormat.SHA256_HEX;
    /** Followed by the partner's id. */
    static final String DEFAULT_EID_SOURCE_PREFIX = "hashed-email.";
    static final StrippedIpHandling DEFAULT_STRIPPED_IP = StrippedIpHandling.REMOVE;
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    /** Off unless the partner checks signatures: signing costs CPU on every request (README, Performance). */
    static final boolean DEFAULT_SIGN_REQUESTS = false;

    private PartnersReader() {
    }

    static List<PartnerProfile> read(ConfigNode root) {
        root.allowOnly(Set.of("partners"));
        List<PartnerProfile> partners = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode p : root.objects("partners")) {
            PartnerProfile profile = partner(p);
            if (!ids.add(profile.id())) {
                throw p.error("id", "duplicate partner id '" + profile.id() + "'");
            }
            partners.add(profile);
        }
        return partners;
    }

    private static PartnerProfile partner(ConfigNode p) {
        p.allowOnly(Set.of("id", "endpoint", "role", "category", "identityFields", "hashedEmail", "strippedIp",
                "timeout", "signRequests"));
        String id = p.parsed("id", PartnersReader::partnerId);
        URI endpoint = p.parsed("endpoint", PartnersReader::endpoint);
        PartnerRole role = p.parsed("role", PartnerRole::fromConfigName);
        String category = p.string("category", DEFAULT_CATEGORY);
        EnumSet<Field> fields = EnumSet.noneOf(Field.class);
        for (String f : p.strings("identityFields")) {
            try {
                fields.add(Field.fromConfigName(f));
            } catch (IllegalArgumentException e) {
                throw p.error("identityFields", e.getMessage());
            }
        }
        ConfigNode email = p.objectOrEmpty("hashedEmail");
        EmailHashFormat format = email.parsed("format", EmailHashFormat::fromConfigName, DEFAULT_EMAIL_FORMAT);
        String eidSource = email.string("eidSource", DEFAULT_EID_SOURCE_PREFIX + id);
        email.rejectUnknownKeys();
        StrippedIpHandling ip = p.parsed("strippedIp", StrippedIpHandling::fromConfigName, DEFAULT_STRIPPED_IP);
        Duration timeout = p.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(5), Duration.ofSeconds(10));
        boolean signRequests = p.bool("signRequests", DEFAULT_SIGN_REQUESTS);
        return new PartnerProfile(id, endpoint, role, category, fields, format, eidSource, ip, timeout, signRequests);
    }

    private static String partnerId(String id) {
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("must be 1-32 of [a-z0-9_-], starting with a letter or digit");
        }
        return id;
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("must be an absolute URL with a host, no user info and no fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
    }
}
