package dev.idgw.gateway.config;

import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.partners.PartnerProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the gateway runs with, validated. Built by {@link ConfigLoader} from the operator's files
 * or directly by the demo and tests.
 *
 * @param writerId this instance's share-log writer id (one stream and, later, one hash chain per writer)
 */
public record GatewayConfig(ServerSettings server, RedisSettings redis, AuctionSettings auction,
                            FanOutSettings fanOut, Path keysDir, String writerId, List<PartnerProfile> partners,
                            JurisdictionRules jurisdictions) {
    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(auction, "auction");
        Objects.requireNonNull(fanOut, "fanOut");
        Objects.requireNonNull(keysDir, "keysDir");
        Objects.requireNonNull(writerId, "writerId");
        Objects.requireNonNull(jurisdictions, "jurisdictions");
        if (!writerId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("writer id must be 1-64 of [A-Za-z0-9_.-]");
        }
        partners = List.copyOf(partners);
    }

    public GatewayConfig withPartners(List<PartnerProfile> newPartners) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, writerId, newPartners, jurisdictions);
    }

    public GatewayConfig withServer(ServerSettings newServer) {
        return new GatewayConfig(newServer, redis, auction, fanOut, keysDir, writerId, partners, jurisdictions);
    }

    public GatewayConfig withRedis(RedisSettings newRedis) {
        return new GatewayConfig(server, newRedis, auction, fanOut, keysDir, writerId, partners, jurisdictions);
    }

    public GatewayConfig withKeysDir(Path newKeysDir) {
        return new GatewayConfig(server, redis, auction, fanOut, newKeysDir, writerId, partners, jurisdictions);
    }

    public GatewayConfig withWriterId(String newWriterId) {
        return new GatewayConfig(server, redis, auction, fanOut, keysDir, newWriterId, partners, jurisdictions);
    }
}
