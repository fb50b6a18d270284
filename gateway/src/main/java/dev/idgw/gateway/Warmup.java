package dev.idgw.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentStore;
import dev.idgw.gateway.decision.ConsentDecider;
import dev.idgw.gateway.decision.Decision;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.intake.AdPodRequest;
import dev.idgw.gateway.intake.AdPodRequestParser;
import dev.idgw.gateway.intake.TrustedProxies;
import dev.idgw.gateway.pod.PodAssembler;
import dev.idgw.partners.ContextualTemplate;
import dev.idgw.partners.LeakGuard;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerPayloadBuilder;
import dev.idgw.partners.PartnerProfile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the request path's own code before the listener opens, so the first player is not the one
 * who pays for class loading and JIT: a cold JVM can take longer than the 50 ms consent timeout, which
 * would strip (safe, but wrong) and miss partner deadlines. Nothing is sent to partners; Redis sees
 * only reads of keys that do not exist.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLE = "{\"id\":\"warmup\",\"tmax\":300,\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":"
            + "[\"video/mp4\"],\"podid\":\"p\",\"poddur\":60,\"maxseq\":4,\"minduration\":5,\"maxduration\":30}}],"
            + "\"app\":{\"bundle\":\"warmup\"},\"device\":{\"ifa\":\"%s\",\"ip\":\"192.0.2.1\",\"devicetype\":3},"
            + "\"regs\":{\"us_privacy\":\"1YNN\",\"gpp\":\"DBABLA~BFQqAAAAAACA.QA\",\"gpp_sid\":[7]}}";
    private static final int PURE_ROUNDS = 2000;
    private static final int REDIS_ROUNDS = 200;

    private Warmup() {
    }

    static void run(Context context, ConsentStore consent, List<PartnerProfile> partners, JurisdictionRules rules) {
        long start = System.nanoTime();
        AdPodRequestParser parser = new AdPodRequestParser(TrustedProxies.none());
        for (int i = 0; i < PURE_ROUNDS; i++) {
            AdPodRequest request = parser.parse(String.format(SAMPLE, UUID.randomUUID())
                    .getBytes(StandardCharsets.UTF_8), i % 2 == 0 ? "1" : null, "192.0.2.1", null);
            ContextualTemplate template = ContextualTemplate.from(request.body(),
                    LeakGuard.forIdentity(request.identity(), List.of()));
            for (PartnerProfile p : partners) {
                Decision d = ConsentDecider.decide(new ConsentLookup.Missing(), request.signals(), rules, p);
                var identity = OutboundIdentity.shape(request.identity(), d.allowed(), p, false, bytes -> bytes);
                try {
                    JSON.writeValueAsBytes(PartnerPayloadBuilder.build(template, p, identity, "warmup", 100, false, false));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            PodAssembler.assemble(request.imps(), List.of());
        }
        List<Future<ConsentLookup>> reads = new ArrayList<>();
        for (int i = 0; i < REDIS_ROUNDS; i++) {
            reads.add(consent.lookup(Optional.of("warmup-" + UUID.randomUUID()), context));
        }
        try {
            Future.join(reads).await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("warm-up reads from Redis did not finish ({}); serving anyway", e.getClass().getSimpleName());
        }
        LOG.info("warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
