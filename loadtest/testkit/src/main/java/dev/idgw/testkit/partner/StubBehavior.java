package dev.idgw.testkit.partner;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link StubPartner} answers. Immutable; start from {@link #bidding()} or {@link #failing(StubFailure)}
 * and change only what a test cares about with the {@code with*} methods.
 *
 * @param latency       delay before every answer (except {@link StubFailure#HANG})
 * @param p99Latency    delay used instead of {@code latency} for about 1% of requests, or {@code null} for none
 * @param failure       the failure mode, {@link StubFailure#NONE} to bid
 * @param bidsPerImp    bids per imp; a pod imp with {@code video.maxseq} gets {@code max(bidsPerImp, maxseq)}
 * @param basePrice     CPM of the first bid of each imp
 * @param priceStep     CPM added per bid, so bid {@code i} costs {@code basePrice + i * priceStep}; may be
 *                      negative for a falling ladder (prices stop at 0)
 * @param priceJitter   whether to add a random amount below {@link #MAX_JITTER_CPM} to each price
 * @param durations     creative durations in seconds; bid {@code i} lasts {@code durations[i % size]}
 * @param adomainPrefix prefix of each bid's advertiser domain, or {@code null} for the stub's name
 * @param slotInPod     OpenRTB {@code slotinpod} of the first bid of each imp, or {@code null} for none
 * @param mediaFileTypes the {@code type} of each {@code <MediaFile>} in every bid's VAST, in order; an empty
 *                      string writes a MediaFile without a type attribute
 */
public record StubBehavior(
        Duration latency,
        Duration p99Latency,
        StubFailure failure,
        int bidsPerImp,
        double basePrice,
        double priceStep,
        boolean priceJitter,
        List<Integer> durations,
        String adomainPrefix,
        Integer slotInPod,
        List<String> mediaFileTypes) {

    public static final Duration DEFAULT_LATENCY = Duration.ZERO;
    public static final int DEFAULT_BIDS_PER_IMP = 2;
    public static final double DEFAULT_BASE_PRICE = 5.0;
    public static final double DEFAULT_PRICE_STEP = 1.0;
    public static final List<Integer> DEFAULT_DURATIONS = List.of(15, 30);
    public static final List<String> DEFAULT_MEDIA_FILE_TYPES = List.of("video/mp4");
    /** Share of requests that get {@code p99Latency}. */
    public static final double P99_FRACTION = 0.01;
    /** Upper bound (exclusive) of the random amount {@code priceJitter} adds to a price. */
    public static final double MAX_JITTER_CPM = 0.01;

    public StubBehavior {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(durations, "durations");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        if (p99Latency != null && p99Latency.isNegative()) {
            throw new IllegalArgumentException("p99Latency must not be negative: " + p99Latency);
        }
        if (bidsPerImp < 0) {
            throw new IllegalArgumentException("bidsPerImp must not be negative: " + bidsPerImp);
        }
        if (!(basePrice >= 0) || Double.isInfinite(basePrice)) {
            throw new IllegalArgumentException("basePrice must be a finite CPM >= 0: " + basePrice);
        }
        if (!Double.isFinite(priceStep)) {
            throw new IllegalArgumentException("priceStep must be finite: " + priceStep);
        }
        durations = List.copyOf(durations);
        if (durations.isEmpty() || durations.stream().anyMatch(seconds -> seconds <= 0)) {
            throw new IllegalArgumentException("durations must be a non-empty list of positive seconds: " + durations);
        }
        if (adomainPrefix != null && adomainPrefix.isBlank()) {
            throw new IllegalArgumentException("adomainPrefix must not be blank");
        }
        mediaFileTypes = List.copyOf(Objects.requireNonNull(mediaFileTypes, "mediaFileTypes"));
        if (mediaFileTypes.isEmpty()) {
            throw new IllegalArgumentException("mediaFileTypes must name at least one MediaFile");
        }
    }

    /** Every bid's VAST with one {@code video/mp4} MediaFile. */
    public StubBehavior(Duration latency, Duration p99Latency, StubFailure failure, int bidsPerImp, double basePrice,
                        double priceStep, boolean priceJitter, List<Integer> durations, String adomainPrefix,
                        Integer slotInPod) {
        this(latency, p99Latency, failure, bidsPerImp, basePrice, priceStep, priceJitter, durations, adomainPrefix,
                slotInPod, DEFAULT_MEDIA_FILE_TYPES);
    }

    /** Bids promptly with the defaults. */
    public static StubBehavior bidding() {
        return new StubBehavior(DEFAULT_LATENCY, null, StubFailure.NONE, DEFAULT_BIDS_PER_IMP,
                DEFAULT_BASE_PRICE, DEFAULT_PRICE_STEP, false, DEFAULT_DURATIONS, null, null, DEFAULT_MEDIA_FILE_TYPES);
    }

    /** The defaults, but failing in the given way. */
    public static StubBehavior failing(StubFailure failure) {
        return bidding().withFailure(failure);
    }

    public StubBehavior withLatency(Duration value) {
        return new StubBehavior(value, p99Latency, failure, bidsPerImp, basePrice, priceStep, priceJitter,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    /** {@code null} removes the p99 latency. */
    public StubBehavior withP99Latency(Duration value) {
        return new StubBehavior(latency, value, failure, bidsPerImp, basePrice, priceStep, priceJitter,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    public StubBehavior withFailure(StubFailure value) {
        return new StubBehavior(latency, p99Latency, value, bidsPerImp, basePrice, priceStep, priceJitter,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    public StubBehavior withBidsPerImp(int value) {
        return new StubBehavior(latency, p99Latency, failure, value, basePrice, priceStep, priceJitter,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    public StubBehavior withBasePrice(double value) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, value, priceStep, priceJitter,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    public StubBehavior withPriceStep(double value) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, basePrice, value, priceJitter,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    public StubBehavior withPriceJitter(boolean value) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, basePrice, priceStep, value,
                durations, adomainPrefix, slotInPod, mediaFileTypes);
    }

    public StubBehavior withDurations(Integer... seconds) {
        return withDurations(List.of(seconds));
    }

    public StubBehavior withDurations(List<Integer> seconds) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, basePrice, priceStep, priceJitter,
                seconds, adomainPrefix, slotInPod, mediaFileTypes);
    }

    /** {@code null} falls back to the stub's name. */
    public StubBehavior withAdomainPrefix(String value) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, basePrice, priceStep, priceJitter,
                durations, value, slotInPod, mediaFileTypes);
    }

    /** {@code null} leaves {@code slotinpod} out of the bids. */
    public StubBehavior withSlotInPod(Integer value) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, basePrice, priceStep, priceJitter,
                durations, adomainPrefix, value, mediaFileTypes);
    }

    /** The {@code type} of each MediaFile in every bid's VAST ({@code ""}: a MediaFile without one). */
    public StubBehavior withMediaFileTypes(String... types) {
        return new StubBehavior(latency, p99Latency, failure, bidsPerImp, basePrice, priceStep, priceJitter,
                durations, adomainPrefix, slotInPod, List.of(types));
    }

    /**
     * The delay for one request, given a uniform draw from {@code [0, 1)}: {@code p99Latency} when the draw
     * falls in the slowest {@link #P99_FRACTION}, otherwise {@code latency}. Taking the draw as an argument
     * keeps this testable without a seeded random.
     */
    public Duration latencyFor(double uniformDraw) {
        return p99Latency != null && uniformDraw < P99_FRACTION ? p99Latency : latency;
    }

    /** The price of bid {@code index} of an imp, before jitter; never below 0. */
    public double priceOf(int index) {
        return Math.max(0.0, basePrice + index * priceStep);
    }

    /** The duration in seconds of bid {@code index} of an imp. */
    public int durationOf(int index) {
        return durations.get(index % durations.size());
    }
}
