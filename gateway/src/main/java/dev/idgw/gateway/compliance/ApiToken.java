package dev.idgw.gateway.compliance;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * A bearer token as configured: a name (for audit records), the SHA-256 of the token (the token itself
 * is never stored), and its roles: {@code compliance} (the share log), {@code consent} (the consent API),
 * {@code operator} (the partner preview).
 */
public record ApiToken(String name, byte[] sha256, Set<String> roles) {
    public static final String COMPLIANCE = "compliance";
    public static final String CONSENT = "consent";
    public static final String OPERATOR = "operator";
    /** Every role, in the order messages list them. */
    public static final java.util.List<String> ROLES = java.util.List.of(COMPLIANCE, CONSENT, OPERATOR);

    public ApiToken {
        Objects.requireNonNull(name, "name");
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("token hash must be 32 bytes of SHA-256 (64 hex characters)");
        }
        roles.forEach(ApiToken::requireRole);
        sha256 = sha256.clone();
        roles = Set.copyOf(roles);
    }

    public static ApiToken ofHex(String name, String sha256Hex, Set<String> roles) {
        requireSha256Hex(sha256Hex);
        return new ApiToken(name, HexFormat.of().parseHex(sha256Hex.toLowerCase()), roles);
    }

    /** @throws IllegalArgumentException unless {@code role} is one of {@link #ROLES} */
    public static String requireRole(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "' (expected " + rolesInWords() + ")");
        }
        return role;
    }

    /** "compliance, consent or operator". */
    public static String rolesInWords() {
        return String.join(", ", ROLES.subList(0, ROLES.size() - 1)) + " or " + ROLES.get(ROLES.size() - 1);
    }

    /** @throws IllegalArgumentException unless {@code hex} is 64 hex characters (a SHA-256) */
    public static String requireSha256Hex(String hex) {
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 hex characters");
        }
        return hex;
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public String toString() {
        return "ApiToken[" + name + ", roles=" + roles + "]";
    }
}
