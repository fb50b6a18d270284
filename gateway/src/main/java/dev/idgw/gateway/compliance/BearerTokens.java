package dev.idgw.gateway.compliance;

import dev.idgw.gateway.failure.GatewayException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Checks an {@code Authorization: Bearer} header against the configured token hashes. The presented
 * token is hashed and compared in constant time with every configured hash, so neither a timing nor a
 * stored copy gives a token away.
 */
public final class BearerTokens {
    private final List<ApiToken> tokens;

    public BearerTokens(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The token's configuration, or 401 when absent or unknown, 403 when it lacks {@code role}. */
    public ApiToken authorize(String authorizationHeader, String role) {
        Optional<ApiToken> token = identify(authorizationHeader);
        if (token.isEmpty()) {
            throw GatewayException.unauthorized();
        }
        if (!token.get().roles().contains(role)) {
            throw GatewayException.forbidden("this token does not have the " + role + " role");
        }
        return token.get();
    }

    /** The token's configuration whatever its roles, or 401 when absent or unknown (the console's sign-in). */
    public ApiToken authenticate(String authorizationHeader) {
        return identify(authorizationHeader).orElseThrow(GatewayException::unauthorized);
    }

    Optional<ApiToken> identify(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(header.substring(7).trim());
        ApiToken match = null;
        for (ApiToken t : tokens) {
            if (MessageDigest.isEqual(t.sha256(), presented)) {
                match = t; // no early exit: every configured hash is compared
            }
        }
        return Optional.ofNullable(match);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
