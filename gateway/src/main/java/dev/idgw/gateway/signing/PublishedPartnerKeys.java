package dev.idgw.gateway.signing;

import dev.idgw.keys.KeyRotation;
import dev.idgw.keys.PublicKeys;
import dev.idgw.keys.SigningKeySet;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The partner-request public keys as partners fetch them: a JWKS (RFC 7517, Ed25519 keys as RFC 8037 OKP
 * keys, {@code kid} = the {@code keyid} of the signatures) holding every key that signs now, will sign soon
 * (published ahead) or signed lately (until its last signatures expired), as {@link KeyRotation} says.
 */
public final class PublishedPartnerKeys {
    /** On the player listener, where partners can reach it; a name of our own, so other key sets never collide. */
    public static final String PATH = "/.well-known/idgw-partner-keys.json";
    public static final String MEDIA_TYPE = "application/jwk-set+json";

    private final Supplier<SigningKeySet> keys;
    private final KeyRotation rotation;
    private final String cacheControl;
    private final Clock clock;

    public PublishedPartnerKeys(Supplier<SigningKeySet> keys, PartnerSigningSettings settings, Clock clock) {
        this.keys = keys;
        this.rotation = settings.rotation();
        this.cacheControl = "public, max-age=" + settings.jwksMaxAge().toSeconds();
        this.clock = clock;
    }

    /** The JWKS as it stands now. */
    public String jwks() {
        return PublicKeys.toJwks(keys.get().publishedAt(clock.instant(), rotation));
    }

    /** How long partners may keep it: new keys are published at least this long before they sign. */
    public String cacheControl() {
        return cacheControl;
    }
}
