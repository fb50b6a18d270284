package dev.idgw.gateway.signing;

import dev.idgw.keys.KeyRotation;
import dev.idgw.keys.SigningKey;
import dev.idgw.keys.SigningKeySet;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Signs a partner request with an HTTP Message Signature (RFC 9421), Ed25519 with the partner-request key that
 * signs now ({@link SigningKeySet#signingKeyAt}). The signature, labelled {@value #LABEL}, covers
 * {@link #COVERED}: the method, where the request goes ({@code @authority}, {@code @path}, {@code @query}),
 * how to read the body ({@code content-type}, {@code x-openrtb-version}) and, through {@code content-digest},
 * every byte of the body, plus its parameters {@code created}, {@code expires}, {@code keyid}, {@code alg} and
 * {@code tag}. The signature base is built as RFC 9421 §2.5 says: one line per covered component,
 * {@code "<name>": <value>}, then the {@code "@signature-params"} line, whose value is also what
 * {@code Signature-Input} carries after the label, so the two cannot disagree.
 *
 * <p>Why these components: {@code @authority}, {@code @path} and {@code @query} rather than
 * {@code @target-uri}, so a partner behind a TLS-terminating proxy need not reconstruct the scheme; the
 * authority is normalized as RFC 9421 §2.2.3 asks (lowercase host, the scheme's default port left out), which
 * is also how the Host header is sent. No nonce: the body's OpenRTB {@code id} is unique per request and
 * covered by the digest.
 *
 * <p>Cost, on the event loop that sends the request: one SHA-256 over the body and one Ed25519 signature (see
 * the README, Performance); the base is written into a per-thread buffer and the per-target lines are made
 * once per endpoint. Thread-safe.
 */
public final class RequestSigner {
    public static final String LABEL = "idgw";
    public static final String ALGORITHM = "ed25519";
    /** Says what the signature is for, so a partner can refuse one made for something else. */
    public static final String TAG = "idgw-bid-request";
    public static final List<String> COVERED = List.of("@method", "@authority", "@path", "@query", "content-type",
            "x-openrtb-version", "content-digest");
    private static final String COVERED_LIST = COVERED.stream().map(c -> "\"" + c + "\"")
            .collect(Collectors.joining(" ", "(", ")"));
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final byte[] SIGNATURE_FIELD_PREFIX = (LABEL + "=:").getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNATURE_BASE64_LENGTH = 88;

    private final Supplier<SigningKeySet> keys;
    private final KeyRotation rotation;
    private final long validitySeconds;
    private final Clock clock;
    /** The {@code @authority}, {@code @path} and {@code @query} lines of each endpoint, made once. */
    private final Map<URI, byte[]> targetLines = new ConcurrentHashMap<>();

    public RequestSigner(Supplier<SigningKeySet> keys, PartnerSigningSettings settings, Clock clock) {
        this.keys = keys;
        this.rotation = settings.rotation();
        this.validitySeconds = settings.validity().toSeconds();
        this.clock = clock;
    }

    /**
     * The signature fields of a request: {@code method} to {@code target} with these {@code Content-Type} and
     * {@code x-openrtb-version} values and exactly {@code body} as its content.
     */
    public SignatureFields sign(String method, URI target, String contentType, String openRtbVersion, Buffer body) {
        String contentDigest = ContentDigest.sha256(body);
        long created = clock.instant().getEpochSecond();
        SigningKey key = keys.get().signingKeyAt(Instant.ofEpochSecond(created), rotation);
        // Signature-Input is the label and the @signature-params value: made once, its value also ends the base.
        String signatureInput = LABEL + "=" + COVERED_LIST + ";created=" + created + ";expires="
                + (created + validitySeconds) + ";keyid=\"" + key.id() + "\";alg=\"" + ALGORITHM + "\";tag=\"" + TAG + "\"";
        Scratch base = SCRATCH.get().clear();
        base.line("@method", method)
                .append(targetLines.computeIfAbsent(target, RequestSigner::targetLines))
                .line("content-type", contentType)
                .line("x-openrtb-version", openRtbVersion)
                .line("content-digest", contentDigest)
                .name("@signature-params").ascii(signatureInput, LABEL.length() + 1);
        key.sign(base.bytes, 0, base.size, base.signature, 0);
        return new SignatureFields(contentDigest, signatureInput, base.signatureField());
    }

    /** The signature base this signer would sign, as text (tests; the bytes are ASCII). */
    static String baseOf(String method, URI target, String contentType, String openRtbVersion, String contentDigest,
                         String params) {
        Scratch base = new Scratch().line("@method", method).append(targetLines(target))
                .line("content-type", contentType).line("x-openrtb-version", openRtbVersion)
                .line("content-digest", contentDigest).name("@signature-params").ascii(params);
        return new String(base.bytes, 0, base.size, StandardCharsets.US_ASCII);
    }

    /** {@code @authority} (RFC 9421 §2.2.3), {@code @path} (§2.2.6) and {@code @query} (§2.2.7) of an endpoint. */
    static byte[] targetLines(URI target) {
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        int port = target.getPort();
        boolean defaultPort = port < 0 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        String authority = target.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String query = target.getRawQuery() == null ? "?" : "?" + target.getRawQuery(); // no query: "?" alone
        Scratch lines = new Scratch().line("@authority", authority).line("@path", path).line("@query", query);
        return Arrays.copyOf(lines.bytes, lines.size);
    }

    /** A signature base being written: ASCII bytes in a buffer kept per thread, and the signature's bytes. */
    private static final class Scratch {
        byte[] bytes = new byte[1024];
        int size;
        final byte[] signature = new byte[SigningKey.SIGNATURE_BYTES];
        /** {@code idgw=:}, the signature in base64 (88 characters), {@code :} */
        final byte[] field = new byte[SIGNATURE_FIELD_PREFIX.length + SIGNATURE_BASE64_LENGTH + 1];
        final byte[] base64 = new byte[SIGNATURE_BASE64_LENGTH];

        Scratch() {
            System.arraycopy(SIGNATURE_FIELD_PREFIX, 0, field, 0, SIGNATURE_FIELD_PREFIX.length);
            field[field.length - 1] = ':';
        }

        /** The Signature field value of {@link #signature}, as one String. */
        String signatureField() {
            Base64.getEncoder().encode(signature, base64);
            System.arraycopy(base64, 0, field, SIGNATURE_FIELD_PREFIX.length, SIGNATURE_BASE64_LENGTH);
            return new String(field, StandardCharsets.ISO_8859_1);
        }

        Scratch clear() {
            size = 0;
            return this;
        }

        /** {@code "name": value} and a newline: a component line (names are lowercase, values trimmed ASCII). */
        Scratch line(String name, String value) {
            name(name).ascii(value);
            ensure(1);
            bytes[size++] = '\n';
            return this;
        }

        Scratch name(String name) {
            return ascii("\"").ascii(name).ascii("\": ");
        }

        Scratch append(byte[] more) {
            ensure(more.length);
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
            return this;
        }

        Scratch ascii(String text) {
            return ascii(text, 0);
        }

        /** {@code text} from {@code start} on. */
        Scratch ascii(String text, int start) {
            ensure(text.length() - start);
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                // header values, URI parts and key ids are ASCII; anything else must not be guessed at
                if (c >= 0x7f || c < 0x20) {
                    throw new IllegalArgumentException("not printable ASCII in a signed component");
                }
                bytes[size++] = (byte) c;
            }
            return this;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
