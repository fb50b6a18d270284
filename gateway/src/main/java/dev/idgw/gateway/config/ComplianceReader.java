package dev.idgw.gateway.config;

import dev.idgw.gateway.compliance.ApiToken;
import dev.idgw.gateway.compliance.ComplianceSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code compliance:} the internal listener and the bearer tokens it accepts ({@code tokens[i]}: name,
 * sha256, roles). Defaults: the {@code DEFAULT_*} of {@link ComplianceSettings}; no tokens.
 */
final class ComplianceReader {
    private ComplianceReader() {
    }

    static ComplianceSettings read(ConfigNode n) {
        boolean enabled = n.bool("enabled", ComplianceSettings.DEFAULT_ENABLED);
        String host = n.string("host", ComplianceSettings.DEFAULT_HOST);
        int port = n.integer("port", ComplianceSettings.DEFAULT_PORT, 0, 65535);
        List<ApiToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode t : n.has("tokens") ? n.objects("tokens") : List.<ConfigNode>of()) {
            ApiToken token = token(t);
            if (!names.add(token.name())) {
                throw t.error("name", "duplicate token name '" + token.name() + "'");
            }
            tokens.add(token);
        }
        n.rejectUnknownKeys();
        return new ComplianceSettings(enabled, host, port, tokens);
    }

    private static ApiToken token(ConfigNode t) {
        t.allowOnly(Set.of("name", "sha256", "roles"));
        String name = t.string("name");
        String sha256 = t.parsed("sha256", ApiToken::requireSha256Hex);
        Set<String> roles = new HashSet<>();
        for (String role : t.strings("roles")) {
            try {
                roles.add(ApiToken.requireRole(role));
            } catch (IllegalArgumentException e) {
                throw t.error("roles", e.getMessage());
            }
        }
        if (roles.isEmpty()) {
            throw t.error("roles", "give at least one role: " + ApiToken.rolesInWords());
        }
        return ApiToken.ofHex(name, sha256, roles);
    }
}
