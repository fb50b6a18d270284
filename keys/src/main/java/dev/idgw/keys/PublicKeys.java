package dev.idgw.keys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Public-key export for auditors and the offline verifier, and the strict readers for it.
 *
 * <p>PEM bundle: one {@code PUBLIC KEY} block (SubjectPublicKeyInfo) per key, each preceded by
 * {@code Key-Id:} and {@code Purpose:} lines. RFC 7468 permits text outside the encapsulation
 * boundaries but does not permit headers inside them, and OpenSSL refuses such headers ("not proc
 * type"), so the ids go before each block: {@code openssl pkey -pubin} still reads every block.
 *
 * <p>JWKS (RFC 7517 / RFC 8037): {@code {"keys":[{"kty":"OKP","crv":"Ed25519","x":…,"kid":…,
 * "use":"sig","alg":"EdDSA"}]}}. A JWK has no place for our purpose, so the reader is told it.
 *
 * <p>The readers accept exactly what the writers produce (plus insignificant whitespace, and
 * optional {@code use}/{@code alg} in JWKs) and throw {@link IllegalArgumentException} naming the
 * problem for anything else: these files are trust anchors, so a surprise is an error, not a guess.
 */
public final class PublicKeys {
    private static final String BEGIN = "-----BEGIN " + KeyDirectory.PUBLIC_PEM_TYPE + "-----";
    private static final String END = "-----END " + KeyDirectory.PUBLIC_PEM_TYPE + "-----";
    private static final String KEY_ID = "Key-Id";
    private static final String PURPOSE = "Purpose";
    private static final Pattern BASE64URL_32_BYTES = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Set<String> JWK_MEMBERS = Set.of("kty", "crv", "x", "kid", "use", "alg");

    private PublicKeys() {
    }

    // ---- PEM ----

    public static String toPem(List<VerificationKey> keys) {
        checkExportable(keys);
        StringBuilder out = new StringBuilder();
        for (VerificationKey key : keys) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(KEY_ID).append(": ").append(key.id()).append('\n');
            out.append(PURPOSE).append(": ").append(key.purpose()).append('\n');
            out.append(KeyPem.publicKey(key));
        }
        return out.toString();
    }

    public static List<VerificationKey> fromPem(String text) {
        if (text == null) {
            throw new IllegalArgumentException("PEM bundle: no text");
        }
        String[] lines = text.split("\r?\n", -1);
        List<VerificationKey> keys = new ArrayList<>();
        Map<String, String> pending = new HashMap<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            int lineNumber = i + 1;
            i++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("-----BEGIN ")) {
                if (!line.equals(BEGIN)) {
                    throw pemError(lineNumber, line.contains("PRIVATE")
                            ? "a private key; a public key bundle must hold only " + BEGIN + " blocks"
                            : "expected " + BEGIN + ", found " + line);
                }
                List<String> body = new ArrayList<>();
                while (i < lines.length && !lines[i].strip().equals(END)) {
                    body.add(lines[i].strip());
                    i++;
                }
                if (i == lines.length) {
                    throw pemError(lineNumber, "block has no " + END);
                }
                i++;
                keys.add(pemKey(lineNumber, body, pending));
                pending.clear();
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon);
            if (!name.equals(KEY_ID) && !name.equals(PURPOSE)) {
                throw pemError(lineNumber, "unexpected text; expected " + KEY_ID + ":, " + PURPOSE + ": or " + BEGIN);
            }
            if (pending.put(name, line.substring(colon + 1).strip()) != null) {
                throw pemError(lineNumber, "a second " + name + " line before the same key");
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("PEM bundle: " + pending.keySet() + " at the end, with no key after it");
        }
        return checkParsed(keys, "PEM bundle");
    }

    /** One block's body; RFC 1421-style {@code Key-Id:}/{@code Purpose:} headers inside it are read too. */
    private static VerificationKey pemKey(int lineNumber, List<String> body, Map<String, String> attributes) {
        Map<String, String> values = new HashMap<>(attributes);
        int start = 0;
        while (start < body.size() && body.get(start).contains(":")) {
            String header = body.get(start);
            String name = header.substring(0, header.indexOf(':'));
            String value = header.substring(header.indexOf(':') + 1).strip();
            if (!name.equals(KEY_ID) && !name.equals(PURPOSE)) {
                throw pemError(lineNumber, "unexpected PEM header " + name);
            }
            String before = values.put(name, value);
            if (before != null && !before.equals(value)) {
                throw pemError(lineNumber, name + " given twice with different values");
            }
            start++;
        }
        String id = values.get(KEY_ID);
        String purpose = values.get(PURPOSE);
        if (id == null || purpose == null) {
            throw pemError(lineNumber, "key without " + (id == null ? KEY_ID : PURPOSE) + "; put \""
                    + (id == null ? KEY_ID : PURPOSE) + ": …\" on a line before " + BEGIN);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(String.join("", body.subList(start, body.size())));
        } catch (IllegalArgumentException e) {
            throw pemError(lineNumber, "block is not base64 (" + e.getMessage() + ")");
        }
        try {
            return new VerificationKey(id, purpose, KeyPem.ed25519PublicKey(der));
        } catch (IllegalArgumentException e) {
            throw pemError(lineNumber, e.getMessage());
        }
    }

    private static IllegalArgumentException pemError(int lineNumber, String problem) {
        return new IllegalArgumentException("PEM bundle line " + lineNumber + ": " + problem);
    }

    // ---- JWKS ----

    public static String toJwks(List<VerificationKey> keys) {
        checkExportable(keys);
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        StringBuilder out = new StringBuilder("{\"keys\":[\n");
        for (int i = 0; i < keys.size(); i++) {
            VerificationKey key = keys.get(i);
            // Ids and base64url never need JSON escaping (the records restrict their characters).
            out.append("  {\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"")
                    .append(base64url.encodeToString(key.publicKey()))
                    .append("\",\"kid\":\"").append(key.id())
                    .append("\",\"use\":\"sig\",\"alg\":\"EdDSA\"}")
                    .append(i + 1 < keys.size() ? ",\n" : "\n");
        }
        return out.append("]}\n").toString();
    }

    /** Keys of a JWKS, taken to be {@value KeyDirectory#DEFAULT_SIGNING_PURPOSE} keys. */
    public static List<VerificationKey> fromJwks(String json) {
        return fromJwks(json, KeyDirectory.DEFAULT_SIGNING_PURPOSE);
    }

    /** Keys of a JWKS; a JWK does not carry our purpose, so the caller says which purpose the set is for. */
    public static List<VerificationKey> fromJwks(String json, String purpose) {
        KeyNames.checkPurpose(purpose);
        if (json == null) {
            throw new IllegalArgumentException("JWKS: no text");
        }
        JsonCursor in = new JsonCursor(json);
        in.expect('{');
        String top = in.string();
        if (!top.equals("keys")) {
            in.fail("expected the member \"keys\", found \"" + top + "\"");
        }
        in.expect(':');
        in.expect('[');
        List<VerificationKey> keys = new ArrayList<>();
        if (!in.consume(']')) {
            do {
                keys.add(jwk(in, keys.size(), purpose));
            } while (in.consume(','));
            in.expect(']');
        }
        in.expect('}');
        in.expectEnd();
        return checkParsed(keys, "JWKS");
    }

    private static VerificationKey jwk(JsonCursor in, int index, String purpose) {
        String where = "JWKS key " + index + ": ";
        in.expect('{');
        Map<String, String> members = new LinkedHashMap<>();
        if (!in.consume('}')) {
            do {
                String name = in.string();
                in.expect(':');
                String value = in.string();
                if (members.put(name, value) != null) {
                    in.fail("member \"" + name + "\" twice");
                }
            } while (in.consume(','));
            in.expect('}');
        }
        for (String name : members.keySet()) {
            if (name.equals("d")) {
                throw new IllegalArgumentException(where + "holds a private key (\"d\"); export public keys only");
            }
            if (!JWK_MEMBERS.contains(name)) {
                throw new IllegalArgumentException(where + "unexpected member \"" + name + "\"");
            }
        }
        requireMember(members, "kty", "OKP", where);
        requireMember(members, "crv", "Ed25519", where);
        optionalMember(members, "use", "sig", where);
        optionalMember(members, "alg", "EdDSA", where);
        String kid = members.get("kid");
        String x = members.get("x");
        if (kid == null || x == null) {
            throw new IllegalArgumentException(where + "missing \"" + (kid == null ? "kid" : "x") + "\"");
        }
        if (!BASE64URL_32_BYTES.matcher(x).matches()) {
            throw new IllegalArgumentException(where + "\"x\" must be 32 bytes as unpadded base64url (43 characters)");
        }
        byte[] publicKey = Base64.getUrlDecoder().decode(x);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey).equals(x)) {
            throw new IllegalArgumentException(where + "\"x\" is not canonical base64url");
        }
        try {
            return new VerificationKey(kid, purpose, publicKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static void requireMember(Map<String, String> members, String name, String expected, String where) {
        if (!expected.equals(members.get(name))) {
            throw new IllegalArgumentException(where + "\"" + name + "\" must be \"" + expected + "\", found "
                    + (members.containsKey(name) ? "\"" + members.get(name) + "\"" : "nothing"));
        }
    }

    private static void optionalMember(Map<String, String> members, String name, String expected, String where) {
        if (members.containsKey(name)) {
            requireMember(members, name, expected, where);
        }
    }

    /**
     * Reads exactly the JWKS shape: objects, one array, strings. Numbers, booleans and null never
     * appear in it, so they are errors here rather than values to ignore.
     */
    private static final class JsonCursor {
        private final String text;
        private int pos;

        JsonCursor(String text) {
            this.text = text;
        }

        void expect(char c) {
            if (!consume(c)) {
                fail("expected '" + c + "'");
            }
        }

        boolean consume(char c) {
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expectEnd() {
            skipWhitespace();
            if (pos != text.length()) {
                fail("unexpected text after the JWKS");
            }
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c < 0x20) {
                    fail("control character in a string");
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    break;
                }
                char escape = text.charAt(pos++);
                switch (escape) {
                    case '"', '\\', '/' -> value.append(escape);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> value.append(unicodeEscape());
                    default -> fail("bad escape \\" + escape);
                }
            }
            throw fail("unterminated string");
        }

        private char unicodeEscape() {
            int c = 0;
            for (int end = pos + 4; pos < end; pos++) {
                int digit = pos < text.length() && text.charAt(pos) < 128 ? Character.digit(text.charAt(pos), 16) : -1;
                if (digit < 0) {
                    fail("bad \\u escape");
                }
                c = c * 16 + digit;
            }
            return (char) c;
        }

        private void skipWhitespace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        IllegalArgumentException fail(String problem) {
            throw new IllegalArgumentException("JWKS at character " + pos + ": " + problem);
        }
    }

    // ---- both ----

    private static void checkExportable(List<VerificationKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to export");
        }
        checkUniqueIds(keys, "export");
    }

    private static List<VerificationKey> checkParsed(List<VerificationKey> keys, String what) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(what + ": no keys");
        }
        checkUniqueIds(keys, what);
        return List.copyOf(keys);
    }

    private static void checkUniqueIds(List<VerificationKey> keys, String what) {
        Set<String> ids = new HashSet<>();
        for (VerificationKey key : keys) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException(what + ": key id " + key.id() + " appears twice");
            }
        }
    }
}
