package dev.idgw.gateway.config;

import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.consent.ConsentCacheSettings;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.ops.MetricsSettings;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.ShareLogSettings;
import dev.idgw.gateway.signing.PartnerSigningSettings;
import dev.idgw.partners.PartnerProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads gateway.yaml and the files it names (paths relative to gateway.yaml's folder) into a
 * {@link GatewayConfig}: each section by its own reader, which knows the section's keys, defaults and
 * limits. Every problem is a {@link ConfigException} naming the file, the key and, where the key is in
 * the file, its line.
 */
public final class ConfigLoader {
    private static final String BUNDLED_JURISDICTIONS = "classpath:/config/jurisdictions.yaml";

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path gatewayYaml) {
        ConfigNode root = YamlFile.read(gatewayYaml);
        Path base = gatewayYaml.toAbsolutePath().getParent();
        ServerSettings server = ServerReader.read(root.objectOrEmpty("server"));
        RedisSettings redis = RedisReader.read(root.objectOrEmpty("redis"));
        ConsentCacheSettings consentCache = ConsentCacheReader.read(root.objectOrEmpty("consentCache"));
        AuctionSettings auction = AuctionReader.read(root.objectOrEmpty("auction"));
        FanOutSettings fanOut = FanOutReader.read(root.objectOrEmpty("fanOut"));
        Path keysDir = KeysReader.read(root.objectOrEmpty("keys"), base);
        ShareLogSettings shareLog = ShareLogReader.read(root.objectOrEmpty("shareLog"));
        ArchiveSettings archive = ArchiveReader.read(root.objectOrEmpty("archive"), base);
        ComplianceSettings compliance = ComplianceReader.read(root.objectOrEmpty("compliance"));
        MetricsSettings metrics = MetricsReader.read(root.objectOrEmpty("metrics"));
        PartnerSigningSettings partnerSigning = PartnerSigningReader.read(root.objectOrEmpty("partnerSigning"));
        PolicyFiles policy = PolicyFiles.read(root, base);
        // Before the named files are opened: a misspelt "partners" must be named, not show as a missing file.
        root.rejectUnknownKeys();
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance,
                loadPartners(policy.partners()), loadJurisdictions(policy.jurisdictions()), consentCache, metrics, partnerSigning);
    }

    /** Where {@code gatewayYaml} says the partner and jurisdiction files are (what a reload re-reads). */
    public static PolicyFiles policyFiles(Path gatewayYaml) {
        return PolicyFiles.read(YamlFile.read(gatewayYaml), gatewayYaml.toAbsolutePath().getParent());
    }

    public static List<PartnerProfile> loadPartners(Path file) {
        return PartnersReader.read(YamlFile.read(file));
    }

    public static JurisdictionRules loadJurisdictions(Path file) {
        return JurisdictionsReader.read(YamlFile.read(file));
    }

    /** The rules shipped inside the jar (a copy of config/jurisdictions.yaml made at build time). */
    public static JurisdictionRules bundledJurisdictions() {
        try (var in = ConfigLoader.class.getResourceAsStream("/config/jurisdictions.yaml")) {
            if (in == null) {
                throw new ConfigException(BUNDLED_JURISDICTIONS, "", "not bundled in this build");
            }
            return JurisdictionsReader.read(YamlFile.parse(BUNDLED_JURISDICTIONS, in.readAllBytes()));
        } catch (IOException e) {
            throw new ConfigException(BUNDLED_JURISDICTIONS, "", "cannot read");
        }
    }
}
