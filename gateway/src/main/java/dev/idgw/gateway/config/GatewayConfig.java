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
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the gateway runs with, validated. Built by {@link ConfigLoader} from the operator's files
 * or directly by the demo and tests.
 *
 */
public record GatewayConfig(ServerSettings server, RedisSettings redis, AuctionSettings auction,
                            FanOutSettings fanOut, Path keysDir, ShareLogSettings shareLog, ArchiveSettings archive,
                            ComplianceSettings compliance, List<PartnerProfile> partners,
                            JurisdictionRules jurisdictions, ConsentCacheSettings consentCache,
                            MetricsSettings metrics, PartnerSigningSettings partnerSigning) {
    public GatewayConfig {
        Objects.requireNonNull(partnerSigning, "partnerSigning");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(consentCache, "consentCache");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(auction, "auction");
        Objects.requireNonNull(fanOut, "fanOut");
        Objects.requireNonNull(keysDir, "keysDir");
        Objects.requireNonNull(shareLog, "shareLog");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(compliance, "compliance");
        Objects.requireNonNull(jurisdictions, "jurisdictions");
        partners = List.copyOf(partners);
    }

    /** With the default partner-request signing settings. */
    public GatewayConfig(ServerSettings server, RedisSettings redis, AuctionSettings auction, FanOutSettings fanOut,
                         Path keysDir, ShareLogSettings shareLog, ArchiveSettings archive, ComplianceSettings compliance,
                         List<PartnerProfile> partners, JurisdictionRules jurisdictions,
                         ConsentCacheSettings consentCache, MetricsSettings metrics) {
        this(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, partners, jurisdictions,
                consentCache, metrics, PartnerSigningSettings.defaults());
    }

    /** With the default consent cache, metrics and partner-request signing settings. */
    public GatewayConfig(ServerSettings server, RedisSettings redis, AuctionSettings auction, FanOutSettings fanOut,
                         Path keysDir, ShareLogSettings shareLog, ArchiveSettings archive, ComplianceSettings compliance,
                         List<PartnerProfile> partners, JurisdictionRules jurisdictions) {
        this(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, partners, jurisdictions,
                ConsentCacheSettings.DEFAULTS, MetricsSettings.DEFAULTS);
    }

    public GatewayConfig withConsentCache(ConsentCacheSettings newConsentCache) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, partners,
                jurisdictions, newConsentCache, metrics, partnerSigning);
    }

    public GatewayConfig withMetrics(MetricsSettings newMetrics) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, partners,
                jurisdictions, consentCache, newMetrics, partnerSigning);
    }

    public GatewayConfig withPartnerSigning(PartnerSigningSettings newPartnerSigning) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, partners,
                jurisdictions, consentCache, metrics, newPartnerSigning);
    }

    public String writerId() {
        return shareLog.writerId();
    }

    public GatewayConfig withPartners(List<PartnerProfile> newPartners) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, compliance, newPartners,
                jurisdictions, consentCache, metrics, partnerSigning);
    }

    public GatewayConfig withCompliance(ComplianceSettings newCompliance) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, archive, newCompliance, partners,
                jurisdictions, consentCache, metrics, partnerSigning);
    }

    public GatewayConfig withArchive(ArchiveSettings newArchive) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, shareLog, newArchive, compliance, partners,
                jurisdictions, consentCache, metrics, partnerSigning);
    }

    public GatewayConfig withShareLog(ShareLogSettings newShareLog) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, newShareLog, archive, compliance, partners,
                jurisdictions, consentCache, metrics, partnerSigning);
    }
}
