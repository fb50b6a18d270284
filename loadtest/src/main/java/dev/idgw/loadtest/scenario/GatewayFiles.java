package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.stub.PartnerProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's files for one scenario, in its temp dir: gateway.yaml (loopback ports, the Redis, a
 * fresh key dir, a writer id and key prefix of its own, archive off, the compliance listener with two
 * per-run tokens stored as SHA-256 only), partners.yaml (one entry per stub, from the same
 * {@link PartnerProfile} the stub judges by) and a copy of the jurisdictions file. Only keys the README
 * documents are written, so a gateway that grows new settings keeps its defaults for them.
 *
 * @param complianceToken bearer token with the {@code compliance} role (never written to disk)
 * @param consentToken    bearer token with the {@code consent} role (never written to disk)
 */
record GatewayFiles(Path gatewayYaml, int playerPort, int internalPort, String writerId, String keyPrefix,
    String complianceToken, String consentToken) {

  static GatewayFiles write(Path dir, int playerPort, int internalPort, String redisUri, String runId,
      Map<PartnerProfile, String> partnerOrigins, Path jurisdictions, Duration warmup) throws IOException {
    String complianceToken = randomToken();
    String consentToken = randomToken();
    String writerId = "loadtest-" + runId;
    String keyPrefix = "lt-" + runId;
    Files.copy(jurisdictions, dir.resolve("jurisdictions.yaml"));
    var partners = new StringBuilder("# Written by the load-test scenario: one stub partner each, judged by the same profile.\npartners:\n");
    partnerOrigins.forEach((profile, origin) -> partners.append(profile.toYaml(origin)));
    Files.writeString(dir.resolve("partners.yaml"), partners.toString());
    String yaml = String.join("\n", List.of(
        "# Written by the load-test scenario " + runId + "; deleted when it ends.",
        "server: {host: 127.0.0.1, port: " + playerPort
            + (warmup == null ? "" : ", warmup: " + warmup.toMillis() + "ms") + "}",
        "redis: {uri: \"" + redisUri + "\", keyPrefix: " + keyPrefix + "}",
        "keys: {dir: keys}",
        "shareLog: {writerId: " + writerId + "}",
        "archive: {enabled: false, dir: archive}",
        "compliance:",
        "  enabled: true",
        "  host: 127.0.0.1",
        "  port: " + internalPort,
        "  tokens:",
        "    - {name: loadtest-compliance, sha256: " + sha256Hex(complianceToken) + ", roles: [compliance]}",
        "    - {name: loadtest-consent, sha256: " + sha256Hex(consentToken) + ", roles: [consent]}",
        "partners: partners.yaml",
        "jurisdictions: jurisdictions.yaml",
        ""));
    Path gatewayYaml = dir.resolve("gateway.yaml");
    Files.writeString(gatewayYaml, yaml);
    return new GatewayFiles(gatewayYaml, playerPort, internalPort, writerId, keyPrefix, complianceToken,
        consentToken);
  }

  String playerOrigin() {
    return "http://127.0.0.1:" + playerPort;
  }

  String internalOrigin() {
    return "http://127.0.0.1:" + internalPort;
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public String toString() {
    return "GatewayFiles[" + gatewayYaml + ", player " + playerPort + ", internal " + internalPort + "]";
  }
}
