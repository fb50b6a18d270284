package dev.idgw.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.fanout.PartnerClient;
import dev.idgw.gateway.fanout.PartnerOutcome;
import dev.idgw.gateway.wire.PooledBody;
import dev.idgw.partners.ContextualRequest;
import dev.idgw.partners.ContextualTemplate;
import dev.idgw.partners.LeakGuard;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PlayerIdentity;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the connections to every configured partner before the gateway reports ready, so the first
 * player after ready does not pay TCP (and TLS) set-up on top of each partner's timeout: the in-JVM
 * warm-up ({@link Warmup}) never reaches a real partner, so their pools were empty at ready.
 *
 * <p>Each partner gets a few concurrent OpenRTB 2.6 test requests ({@code "test":1}: not billable)
 * through the gateway's own {@link PartnerClient}, whose pool then keeps the connections for players.
 * The requests carry no identity at all (no {@code user}, no {@code device}, no {@code site}/{@code app},
 * no address), so no share record is due: nothing identity leaves. They go around the partner guards on
 * purpose: a partner that is down at start must not open its breaker before the first player. What a
 * partner answers is only counted and logged; the
 * gateway's partner and auction meters never see these calls (only Vert.x's {@code client_name=partners}
 * HTTP meters do: they count every request of that client).
 *
 * <p>A warm-up call may take longer than the partner's timeout ({@link #MIN_CALL_ALLOWANCE}, within the
 * budget): a call cut at its timeout closes its connection, so a partner whose first answer (TCP, TLS,
 * its own cold start) is slower than its timeout would otherwise be left with no connection at all, the
 * very case this is for. A partner that refuses connections fails at once; one that hangs holds start-up
 * for that allowance at most.
 */
final class PartnerWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerWarmup.class);
    /**
     * Connections opened per partner (fewer if its pool is smaller): a burst of players right at ready then
     * finds this many idle, instead of queueing behind one while the pool connects the rest.
     */
    static final int CONNECTIONS_PER_PARTNER = 4;
    /** On top of the budget, for the answers' way back to this thread; the calls themselves end by their timeout. */
    private static final long SLACK_MILLIS = 500;
    /** The least a warm-up call may take (the partner's timeout if longer, the budget if shorter). */
    static final Duration MIN_CALL_ALLOWANCE = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One video imp and nothing else: contextual only, not even a site or app. */
    private static final String IMP = "\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"],"
            + "\"minduration\":5,\"maxduration\":30,\"protocols\":[2,3,7,8],\"plcmt\":1}}]";

    private PartnerWarmup() {
    }

    /** What one warm-up call came to: the outcome's kind and how long it took. */
    private record Answer(String partnerId, String kind, long nanos) {
    }

    /**
     * Sends each partner {@code min(maxConnectionsPerPartner, }{@link #CONNECTIONS_PER_PARTNER}{@code )}
     * concurrent test requests and waits for every answer, at most {@code budget} (plus a little slack);
     * never throws.
     */
    static void run(PartnerClient client, List<PartnerProfile> partners, int maxConnectionsPerPartner,
                    Duration budget) {
        if (partners.isEmpty()) {
            return;
        }
        long start = System.nanoTime(); // for the log line only: the budget is the await below
        int perPartner = Math.max(1, Math.min(maxConnectionsPerPartner, CONNECTIONS_PER_PARTNER));
        List<Future<Answer>> calls = new ArrayList<>(partners.size() * perPartner);
        for (PartnerProfile partner : partners) {
            for (int i = 0; i < perPartner; i++) {
                calls.add(call(client, partner, budget));
            }
        }
        try {
            Future.join(calls).await(budget.toMillis() + SLACK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("warm-up: partner answers not all back within {} ms ({})", budget.toMillis(),
                    e.getClass().getSimpleName());
        }
        Map<String, List<Answer>> byPartner = new TreeMap<>();
        for (Future<Answer> call : calls) {
            if (call.succeeded()) {
                byPartner.computeIfAbsent(call.result().partnerId(), id -> new ArrayList<>()).add(call.result());
            }
        }
        for (PartnerProfile partner : partners) {
            List<Answer> answers = byPartner.getOrDefault(partner.id(), List.of());
            long slowestMillis = answers.stream().mapToLong(Answer::nanos).max().orElse(0) / 1_000_000;
            // Partner ids are the operator's names, not personal data; the payloads are never logged.
            LOG.info("warm-up: partner {} answered {} in {} ms", partner.id(), kinds(answers, perPartner),
                    slowestMillis);
        }
        LOG.info("warm-up: {} partners, {} test requests each, in {} ms", partners.size(), perPartner,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static Future<Answer> call(PartnerClient client, PartnerProfile partner, Duration budget) {
        String id = UUID.randomUUID().toString(); // fresh each time: a partner may drop repeated ids as duplicates
        byte[] payload = ("{\"id\":\"" + id + "\",\"test\":1,\"tmax\":" + partner.timeout().toMillis()
                + ",\"at\":1,\"cur\":[\"USD\"]," + IMP + "}").getBytes(StandardCharsets.UTF_8);
        Duration allowance = allowance(partner, budget);
        // The same partner, only more patient: PartnerClient cuts every call at the profile's timeout.
        // Signed as the partner's profile says: a partner that checks signatures would refuse an unsigned test request.
        PartnerProfile patient = partner.withTimeout(allowance);
        long sent = System.nanoTime(); // for the log line only: the call is cut by its allowance
        try {
            return client.call(patient, PooledBody.copyOf(payload, 0, payload.length), id, impIds(payload), allowance)
                    .map(outcome -> new Answer(partner.id(), kindOf(outcome), System.nanoTime() - sent));
        } catch (RuntimeException e) {
            // Start-up goes on whatever one partner's call does; counted as "no answer in time".
            return Future.failedFuture(e);
        }
    }

    /** How long one warm-up call to {@code partner} may take: its timeout, at least {@link #MIN_CALL_ALLOWANCE}, at most the budget. */
    static Duration allowance(PartnerProfile partner, Duration budget) {
        Duration patient = partner.timeout().compareTo(MIN_CALL_ALLOWANCE) > 0 ? partner.timeout() : MIN_CALL_ALLOWANCE;
        return patient.compareTo(budget) < 0 ? patient : budget;
    }

    /** The bid reader's map from outbound imp ids back to ours; here both are "1". */
    private static ContextualTemplate impIds(byte[] payload) {
        try {
            return ContextualTemplate.from(ContextualRequest.fromTree(JSON.readTree(payload)),
                    LeakGuard.forIdentity(PlayerIdentity.none(), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // our own constant JSON: cannot happen
        }
    }

    private static String kindOf(PartnerOutcome outcome) {
        if (outcome instanceof PartnerOutcome.Bids) {
            return "bids";
        }
        if (outcome instanceof PartnerOutcome.NoBid) {
            return "no bid";
        }
        return ((PartnerOutcome.Failed) outcome).kind().name().toLowerCase(Locale.ROOT);
    }

    /** "bids" when every call came to the same; else each kind with its share, e.g. "bids 3/4, timeout 1/4". */
    private static String kinds(List<Answer> answers, int sent) {
        Map<String, Long> counts = answers.stream()
                .collect(Collectors.groupingBy(Answer::kind, TreeMap::new, Collectors.counting()));
        if (answers.size() < sent) {
            counts.put("no answer in time", (long) (sent - answers.size()));
        }
        if (counts.size() == 1) {
            return counts.keySet().iterator().next();
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + "/" + sent)
                .collect(Collectors.joining(", "));
    }
}
