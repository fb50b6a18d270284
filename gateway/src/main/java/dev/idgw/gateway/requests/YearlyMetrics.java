package dev.idgw.gateway.requests;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The 11 CCR §7102(a) counts for one calendar year (UTC), per request kind: requests received in the year, how
 * many were complied with (in whole or in part) and how many denied, and the median number of days to respond.
 * Every request recorded here was answered when it was recorded, so received = complied + denied.
 *
 * @param medianDaysToRespond per kind, null when no request of the kind was received
 */
public record YearlyMetrics(int year, List<KindCounts> kinds) {

    /** The counts of one request kind. */
    public record KindCounts(RequestKind kind, long received, long complied, long denied, Double medianDaysToRespond) {
    }

    /** The first instant of {@code year} (UTC). */
    public static Instant startOf(int year) {
        return LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The records to read for {@code year}: a request received in it may be recorded up to LONGEST_WAIT later. */
    public static Instant readUntil(int year) {
        return startOf(year + 1).plus(ConsumerRequestLog.LONGEST_WAIT);
    }

    /** Counts {@code requests} (any order, any years) received in {@code year}. */
    public static YearlyMetrics of(int year, List<ConsumerRequest> requests) {
        Instant from = startOf(year);
        Instant to = startOf(year + 1);
        Map<RequestKind, List<ConsumerRequest>> byKind = new EnumMap<>(RequestKind.class);
        for (ConsumerRequest r : requests) {
            if (!r.received().isBefore(from) && r.received().isBefore(to)) {
                byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
            }
        }
        List<KindCounts> kinds = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            List<ConsumerRequest> of = byKind.getOrDefault(kind, List.of());
            long denied = of.stream().filter(r -> r.outcome() instanceof RequestOutcome.Denied).count();
            kinds.add(new KindCounts(kind, of.size(), of.size() - denied, denied, median(of)));
        }
        return new YearlyMetrics(year, List.copyOf(kinds));
    }

    private static Double median(List<ConsumerRequest> of) {
        if (of.isEmpty()) {
            return null;
        }
        double[] days = of.stream().mapToDouble(ConsumerRequest::daysToRespond).toArray();
        Arrays.sort(days);
        int mid = days.length / 2;
        double median = days.length % 2 == 1 ? days[mid] : (days[mid - 1] + days[mid]) / 2;
        return Math.round(median * 100) / 100.0; // hundredths of a day: about a quarter of an hour
    }
}
