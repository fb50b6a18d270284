package dev.idgw.gateway.signing;

/**
 * The three header fields that carry one request's signature, values as sent.
 *
 * @param contentDigest  {@code Content-Digest}: {@code sha-256=:…:} of the body (RFC 9530)
 * @param signatureInput {@code Signature-Input}: {@code idgw=(<covered components>);created=…;expires=…;keyid="…";alg="ed25519";tag="…"}
 * @param signature      {@code Signature}: {@code idgw=:<base64 Ed25519 signature>:}
 */
public record SignatureFields(String contentDigest, String signatureInput, String signature) {
    public static final String CONTENT_DIGEST = "Content-Digest";
    public static final String SIGNATURE_INPUT = "Signature-Input";
    public static final String SIGNATURE = "Signature";
}
