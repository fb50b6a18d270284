package dev.idgw.gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.SigningKeySet;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's signer on its own: digest vectors, the exact signature base it signs, the fields it writes. */
class RequestSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00.750Z");
    private static final String BODY = "{\"hello\": \"world\"}";

    @TempDir Path dir;

    @Test
    void shouldDigestTheBodyAsRfc9530AndRfc9421Examples() {
        assertThat(ContentDigest.sha256(Buffer.buffer(BODY + "\n")))
                .isEqualTo("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:");
        assertThat(ContentDigest.sha256(Buffer.buffer(BODY)))
                .isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        assertThat(ContentDigest.sha256(BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
    }

    @Test
    void shouldWriteTheAuthorityPathAndQueryAsRfc9421Normalizes() {
        assertThat(lines("http://Bid.Example.COM:80/openrtb2/bid"))
                .isEqualTo("\"@authority\": bid.example.com\n\"@path\": /openrtb2/bid\n\"@query\": ?\n");
        assertThat(lines("https://bid.example.com:8443?src=idgw&v=2%203"))
                .isEqualTo("\"@authority\": bid.example.com:8443\n\"@path\": /\n\"@query\": ?src=idgw&v=2%203\n");
        assertThat(lines("https://bid.example.com:443/x")).startsWith("\"@authority\": bid.example.com\n");
        assertThat(lines("http://127.0.0.1:9001/bid")).startsWith("\"@authority\": 127.0.0.1:9001\n");
    }

    @Test
    void shouldSignTheBaseItDescribesWithTheKeyTheScheduleNames() throws IOException {
        SigningKeySet keys = SigningKeySet.loadOrCreate(KeyDirectory.at(dir), "partner-requests");
        String keyId = keys.keys().get(0).id();
        RequestSigner signer = new RequestSigner(() -> keys, PartnerSigningSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        URI target = URI.create("http://bid.example.com/openrtb2/bid?src=idgw");
        SignatureFields fields = signer.sign("POST", target, "application/json", "2.6", Buffer.buffer(BODY));

        long created = NOW.getEpochSecond();
        String params = "(\"@method\" \"@authority\" \"@path\" \"@query\" \"content-type\" \"x-openrtb-version\" "
                + "\"content-digest\");created=" + created + ";expires=" + (created + 30) + ";keyid=\"" + keyId
                + "\";alg=\"ed25519\";tag=\"idgw-bid-request\"";
        assertThat(fields.contentDigest()).isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        assertThat(fields.signatureInput()).isEqualTo("idgw=" + params);
        assertThat(fields.signature()).matches("idgw=:[A-Za-z0-9+/]{86}==:");
        String base = RequestSigner.baseOf("POST", target, "application/json", "2.6", fields.contentDigest(), params);
        assertThat(base).isEqualTo("""
                "@method": POST
                "@authority": bid.example.com
                "@path": /openrtb2/bid
                "@query": ?src=idgw
                "content-type": application/json
                "x-openrtb-version": 2.6
                "content-digest": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:
                """ + "\"@signature-params\": " + params);
        byte[] signature = java.util.Base64.getDecoder().decode(fields.signature().substring(6, fields.signature().length() - 1));
        assertThat(keys.keys().get(0).verificationKey().verify(base.getBytes(StandardCharsets.US_ASCII), signature)).isTrue();
    }

    @Test
    void shouldRefuseToSignWhatIsNotPrintableAscii() throws IOException {
        SigningKeySet keys = SigningKeySet.loadOrCreate(KeyDirectory.at(dir), "partner-requests");
        RequestSigner signer = new RequestSigner(() -> keys, PartnerSigningSettings.defaults(), Clock.systemUTC());
        assertThatThrownBy(() -> signer.sign("POST", URI.create("http://bid.example.com/bid"), "application/json\n",
                "2.6", Buffer.buffer(BODY))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String lines(String uri) {
        return new String(RequestSigner.targetLines(URI.create(uri)), StandardCharsets.US_ASCII);
    }
}
