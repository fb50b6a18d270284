package dev.idgw.gateway.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.signing.StructuredFields.InnerList;
import dev.idgw.gateway.signing.StructuredFields.Item;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a partner would write to check our requests, from RFC 9421, RFC 9530 and RFC 8037 alone: none of the
 * gateway's signing code, none of the keys module. It parses {@code Signature-Input} and {@code Signature}
 * itself ({@link StructuredFields}), rebuilds the signature base from the request as received (Host header,
 * request target, header fields), checks {@code Content-Digest} against SHA-256 of the body, reads public keys
 * from the JWKS text (Jackson, raw {@code x} into an X.509 SubjectPublicKeyInfo) and verifies with the JDK's
 * own Ed25519 ({@code java.security.Signature}), not Bouncy Castle.
 *
 * <p>Its policy, as a demanding partner's: label {@value #LABEL}; {@code alg="ed25519"}; {@code tag} as
 * agreed; method, authority, path, query, content type and content digest covered; {@code created} not in
 * the future and {@code expires} not past, each with {@link #CLOCK_TOLERANCE}; the key named by
 * {@code keyid} among the published ones.
 */
final class IndependentVerifier {
    static final String LABEL = "idgw";
    static final String TAG = "idgw-bid-request";
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);
    static final List<String> REQUIRED = List.of("@method", "@authority", "@path", "@query", "content-type",
            "content-digest");
    /** DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before its 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The JDK's own EdDSA (named, so Bouncy Castle could not answer even if someone registered it). */
    private static final String JDK_PROVIDER = "SunEC";

    /** The outcome: valid with the key that made it, or why not. */
    record Verdict(boolean valid, String keyId, String problem) {
        static Verdict ok(String keyId) {
            return new Verdict(true, keyId, null);
        }

        static Verdict refused(String problem) {
            return new Verdict(false, null, problem);
        }
    }

    private IndependentVerifier() {
    }

    /** Public keys by {@code kid} from a JWKS document; only Ed25519 OKP keys, as RFC 8037 writes them. */
    static Map<String, PublicKey> keysFromJwks(String jwks) {
        try {
            Map<String, PublicKey> keys = new LinkedHashMap<>();
            for (JsonNode jwk : JSON.readTree(jwks).required("keys")) {
                if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())) {
                    continue;
                }
                byte[] x = Base64.getUrlDecoder().decode(jwk.required("x").asText());
                keys.put(jwk.required("kid").asText(), ed25519PublicKey(x));
            }
            return keys;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a JWKS: " + e.getMessage(), e);
        }
    }

    static PublicKey ed25519PublicKey(byte[] raw) {
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519", JDK_PROVIDER).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** Checks a POST as the partner received it, at {@code now}, against the published {@code keys}. */
    static Verdict verify(ReceivedRequest request, Map<String, PublicKey> keys, Instant now) {
        try {
            return check(request, keys, now);
        } catch (IllegalArgumentException e) {
            return Verdict.refused("malformed: " + e.getMessage());
        }
    }

    private static Verdict check(ReceivedRequest request, Map<String, PublicKey> keys, Instant now) {
        String input = request.header("Signature-Input").orElse(null);
        String signatureField = request.header("Signature").orElse(null);
        if (input == null || signatureField == null) {
            return Verdict.refused("not signed");
        }
        if (!(StructuredFields.dictionary(input).get(LABEL) instanceof InnerList params)) {
            return Verdict.refused("no signature labelled " + LABEL);
        }
        if (!(StructuredFields.dictionary(signatureField).get(LABEL) instanceof Item signatureItem)
                || !(signatureItem.value() instanceof byte[] signature)) {
            return Verdict.refused("no Signature member " + LABEL);
        }
        List<String> covered = new ArrayList<>();
        params.items().forEach(item -> covered.add((String) item.value()));
        if (!covered.containsAll(REQUIRED)) {
            return Verdict.refused("covers " + covered + ", not all of " + REQUIRED);
        }
        if (!"ed25519".equals(params.params().get("alg")) || !TAG.equals(params.params().get("tag"))) {
            return Verdict.refused("alg or tag not as agreed: " + params.params());
        }
        if (!(params.params().get("created") instanceof Long created) || !(params.params().get("expires") instanceof Long expires)) {
            return Verdict.refused("created and expires are required");
        }
        if (Instant.ofEpochSecond(created).isAfter(now.plus(CLOCK_TOLERANCE))) {
            return Verdict.refused("created in the future");
        }
        if (!Instant.ofEpochSecond(expires).isAfter(now.minus(CLOCK_TOLERANCE))) {
            return Verdict.refused("expired");
        }
        if (!(params.params().get("keyid") instanceof String keyId) || !keys.containsKey(keyId)) {
            return Verdict.refused("keyid not among the published keys: " + params.params().get("keyid"));
        }
        if (!digestMatches(request)) {
            return Verdict.refused("content-digest does not match the body");
        }
        byte[] base = signatureBase(request, params, "http").getBytes(StandardCharsets.US_ASCII);
        return verifyEd25519(keys.get(keyId), base, signature) ? Verdict.ok(keyId)
                : Verdict.refused("signature does not verify");
    }

    /** RFC 9530: the sha-256 member of Content-Digest equals SHA-256 of the body as received. */
    static boolean digestMatches(ReceivedRequest request) {
        String field = request.header("Content-Digest").orElse(null);
        if (field == null || !(StructuredFields.dictionary(field).get("sha-256") instanceof Item item)
                || !(item.value() instanceof byte[] claimed)) {
            return false;
        }
        return MessageDigest.isEqual(claimed, sha256(request.body()));
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 9421 §2.5: one line per covered component, {@code "<identifier>": <value>}, then the
     * {@code "@signature-params"} line with the covered list and parameters serialized again (§2.3).
     */
    static String signatureBase(ReceivedRequest request, InnerList params, String scheme) {
        StringBuilder base = new StringBuilder();
        for (Item component : params.items()) {
            if (!component.params().isEmpty()) {
                throw new IllegalArgumentException("component parameters are not supported: " + component);
            }
            String name = (String) component.value();
            base.append(StructuredFields.serialize(component)).append(": ").append(value(request, name, scheme))
                    .append('\n');
        }
        return base.append("\"@signature-params\": ").append(StructuredFields.serialize(params)).toString();
    }

    private static String value(ReceivedRequest request, String name, String scheme) {
        String target = request.target();
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        return switch (name) {
            case "@method" -> "POST"; // the stub records POSTs only
            case "@authority" -> authority(request, scheme);
            case "@path" -> path.isEmpty() ? "/" : path;
            case "@query" -> question < 0 ? "?" : target.substring(question);
            case "@target-uri" -> scheme + "://" + authority(request, scheme) + target;
            default -> {
                if (name.startsWith("@")) {
                    throw new IllegalArgumentException("derived component not supported: " + name);
                }
                List<String> values = request.headers().get(name);
                if (values == null) {
                    throw new IllegalArgumentException("covered header field missing: " + name);
                }
                yield String.join(", ", values.stream().map(String::strip).toList());
            }
        };
    }

    /** RFC 9421 §2.2.3: the Host header, lowercase, without the scheme's default port. */
    private static String authority(ReceivedRequest request, String scheme) {
        String host = request.header("Host").orElseThrow(() -> new IllegalArgumentException("no Host")).strip()
                .toLowerCase(Locale.ROOT);
        String defaultPort = scheme.equals("https") ? ":443" : ":80";
        return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
    }

    static boolean verifyEd25519(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519", JDK_PROVIDER);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
