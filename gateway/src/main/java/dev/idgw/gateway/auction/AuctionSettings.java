package dev.idgw.gateway.auction;

import java.time.Duration;

/**
 * @param defaultTmax the deadline when a request names no {@code tmax}
 * @param maxTmax the longest deadline honoured, whatever a request asks for
 * @param assemblyReserve time kept back from the deadline for building and writing the answer
 */
public record AuctionSettings(Duration defaultTmax, Duration maxTmax, Duration assemblyReserve) {
    public static final Duration DEFAULT_TMAX = Duration.ofMillis(300);
    public static final Duration DEFAULT_MAX_TMAX = Duration.ofMillis(1000);
    public static final Duration DEFAULT_ASSEMBLY_RESERVE = Duration.ofMillis(10);

    public AuctionSettings {
        if (defaultTmax.compareTo(maxTmax) > 0) {
            throw new IllegalArgumentException("default tmax exceeds max tmax");
        }
        if (assemblyReserve.compareTo(defaultTmax) >= 0) {
            throw new IllegalArgumentException("assembly reserve must be shorter than the default tmax");
        }
    }

    public static AuctionSettings defaults() {
        return new AuctionSettings(DEFAULT_TMAX, DEFAULT_MAX_TMAX, DEFAULT_ASSEMBLY_RESERVE);
    }

    /** The time partners may use, from the request's tmax capped by config, less the reserve. */
    public Duration partnerBudget(java.util.Optional<Duration> requested) {
        Duration tmax = requested.orElse(defaultTmax);
        if (tmax.compareTo(maxTmax) > 0) {
            tmax = maxTmax;
        }
        Duration budget = tmax.minus(assemblyReserve);
        return budget.isNegative() ? Duration.ZERO : budget;
    }
}
