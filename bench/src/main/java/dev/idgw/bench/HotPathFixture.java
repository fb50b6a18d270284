package dev.idgw.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.auction.PartnerDecision;
import dev.idgw.gateway.auction.PartnerDirectory;
import dev.idgw.gateway.auction.Policy;
import dev.idgw.gateway.auction.RequestDecisions;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.fanout.BidResponseReader;
import dev.idgw.gateway.fanout.Deadline;
import dev.idgw.gateway.fanout.GuardSettings;
import dev.idgw.gateway.fanout.PartnerGuards;
import dev.idgw.gateway.fanout.PartnerOutcome;
import dev.idgw.gateway.http.BidResponseWriter;
import dev.idgw.gateway.intake.AdPodRequest;
import dev.idgw.gateway.intake.AdPodRequestParser;
import dev.idgw.gateway.intake.TrustedProxies;
import dev.idgw.gateway.pod.PodAssembler;
import dev.idgw.gateway.sharelog.ChainHead;
import dev.idgw.gateway.sharelog.ChainedEntry;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.sharelog.ShareRecordCodec;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.gateway.signing.PartnerSigningSettings;
import dev.idgw.gateway.signing.RequestSigner;
import dev.idgw.gateway.signing.SignatureFields;
import dev.idgw.gateway.wire.PooledBody;
import dev.idgw.keys.HmacKey;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.keys.SigningKey;
import dev.idgw.keys.SigningKeySet;
import dev.idgw.partners.ContextualTemplate;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.LeakGuard;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The one class of this module that calls production code: when the hot-path classes change their API
 * (issue 11 rewrites them), only this class follows. It holds what a running gateway holds before any
 * request arrives (policy, partner guards, the pseudonym key, the bench device's consent record as the
 * consent cache returns it, the head of its share-log chain) and does the per-request work of
 * {@code AdPodService} and {@code PlayerApi} in their order, without their I/O. Not thread-safe: one per
 * benchmark thread, as the chain head moves on every request.
 */
final class HotPathFixture {
    /** The shared bench's device (the ifa in adpod-request.json), consented as its seed script does. */
    static final String DEVICE_ID = "6d92078a-8246-4ba4-ae5b-76104861e7dc";
    private static final String EMAIL = "bench.viewer@example.com";
    private static final String PEER_ADDRESS = "203.0.113.7";
    private static final String WRITER_ID = "bench-1";
    private static final int PARTNERS = 3;
    private static final int BIDS_PER_PARTNER = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] playerRequest;
    private final AdPodRequestParser parser = new AdPodRequestParser(TrustedProxies.none());
    private final Policy policy;
    private final PartnerGuards guards = new PartnerGuards(GuardSettings.defaults(), Ticker.SYSTEM);
    private final KeyedHasher pseudonyms;
    private final AuctionSettings settings = AuctionSettings.defaults();
    private final Clock clock = Clock.systemUTC();
    private final ConsentLookup consent;
    private ChainHead chainHead = ChainHead.EMPTY;

    /** What the bid path answers: the parsed player request, its template (imp id map) and our request id. */
    private final AdPodRequest answered;
    private final ContextualTemplate answeredTemplate;
    private final String outboundRequestId = UUID.randomUUID().toString();
    private final List<PartnerResponse> bidResponses;

    private record PartnerResponse(String partnerId, byte[] body) {
    }

    /** Signs as the partner client does for a partner with {@code signRequests: true}. */
    private final RequestSigner signer;
    /** One partner's payload of the bench request, in pooled memory as sent; kept for the fixture's life. */
    private PooledBody signedPayload;
    private final URI signedEndpoint = URI.create("https://bids.partner-1.example/openrtb2/auction?seat=idgw");

    private HotPathFixture() {
        playerRequest = resource("/adpod-request.json");
        List<PartnerProfile> partners = new ArrayList<>();
        for (int p = 1; p <= PARTNERS; p++) {
            partners.add(thirdPartyAllowedEverything(p));
        }
        policy = Policy.of(new PartnerDirectory(partners, Map.of()), ConfigLoader.bundledJurisdictions());
        byte[] subjectSecret = new byte[HmacKey.SECRET_BYTES];
        for (int i = 0; i < subjectSecret.length; i++) {
            subjectSecret[i] = (byte) (i + 1);
        }
        pseudonyms = new KeyedHasher(new HmacKey("bench-pseudonym-1", "pseudonym", subjectSecret));
        consent = new ConsentLookup.Found(new ConsentRecord(true, "US-CA", AgeBand.ADULT,
                EmailHash.of(EMAIL).orElseThrow(), 1, Instant.parse("2026-01-01T00:00:00Z")));
        answered = parser.parse(playerRequest, null, PEER_ADDRESS, null);
        answeredTemplate = ContextualTemplate.from(answered.contextual(), LeakGuard.forIdentity(answered.identity(), List.of()));
        bidResponses = new ArrayList<>();
        for (int p = 1; p <= PARTNERS; p++) {
            bidResponses.add(new PartnerResponse(partners.get(p - 1).id(), bidResponse(p)));
        }
        SigningKeySet partnerKeys = new SigningKeySet("partner-requests", List.of(new SigningKey(
                "20261207T000000-00bec4", "partner-requests", new Ed25519PrivateKeyParameters(new SecureRandom()))));
        signer = new RequestSigner(() -> partnerKeys, PartnerSigningSettings.defaults(), clock);
    }

    /** A fixture whose two paths were run once and checked to take the consented, bidding path. */
    static HotPathFixture prepare() {
        HotPathFixture fixture = new HotPathFixture();
        fixture.checkConsentedPath();
        fixture.checkPodHasSeveralSeats();
        fixture.keepOnePayloadToSign();
        return fixture;
    }

    /**
     * The signature fields of one partner payload (the first partner's of the bench request, about 1.3 KB,
     * carrying its identity), as the partner client makes them before the send: SHA-256 of the pooled body
     * where it lies, the signature base, one Ed25519 signature, the three header values.
     */
    SignatureFields signPartnerPayload() {
        return signer.sign("POST", signedEndpoint, "application/json", "2.6", signedPayload.bytes());
    }

    /** Gives back the payload {@link #signPartnerPayload} signs. */
    void close() {
        if (signedPayload != null) {
            signedPayload.release();
        }
    }

    private void keepOnePayloadToSign() {
        List<PooledBody> payloads = playerRequestToPartnerPayloads();
        signedPayload = payloads.get(0);
        payloads.subList(1, payloads.size()).forEach(PooledBody::release);
        SignatureFields fields = signPartnerPayload();
        if (!fields.signatureInput().startsWith("idgw=(") || signedPayload.length() < 1000) {
            throw new IllegalStateException("the signing fixture is not what the benchmark says: " + fields);
        }
    }

    /**
     * The player's request bytes to one payload per partner, as {@code AdPodService} builds them between
     * the consent read and the sends: parse, identity with the consented email, contextual template,
     * per partner guard permit, decision and shaped identity, the share record's canonical JSON and entry
     * hash (what the share log computes before Redis sees it), then each payload's bytes, in pooled memory as
     * the gateway sends them: the caller releases them (the partner client does once the write is done).
     * Permits are released at the end as if every partner had answered with no bid.
     */
    List<PooledBody> playerRequestToPartnerPayloads() {
        AdPodRequest request = parser.parse(playerRequest, null, PEER_ADDRESS, null);
        Deadline deadline = Deadline.in(settings.partnerBudget(request.tmax()), Ticker.SYSTEM);
        String requestId = UUID.randomUUID().toString();
        RequestDecisions decisions = RequestDecisions.of(request, consent, policy, clock.instant());
        List<PartnerProfile> partners = policy.partners().partners();
        List<PartnerDecision> decided = new ArrayList<>(partners.size());
        List<PartnerGuards.Permit> permits = new ArrayList<>(partners.size());
        try {
            for (PartnerProfile partner : partners) {
                permits.add(guards.tryAcquire(partner).permit()
                        .orElseThrow(() -> new IllegalStateException("guards refused " + partner.id())));
                decided.add(decisions.decide(partner));
            }
            List<ShareEntry> shared = RequestDecisions.sharedEntries(decided);
            if (!shared.isEmpty()) {
                ConsentRecord record = decisions.record();
                appendToChain(new ShareRecord(UUID.randomUUID().toString(), decisions.decidedAt(), requestId,
                        WRITER_ID, pseudonyms.hex(ConsentKeys.normalizeDeviceId(request.deviceId().orElseThrow())),
                        pseudonyms.keyId(), record.jurisdiction(), record.version(), decisions.rulesVersion(), shared,
                        RequestDecisions.restrictingSignals(decided), policy.version()));
            }
            List<PooledBody> payloads = new ArrayList<>(decided.size());
            for (PartnerDecision d : decided) {
                payloads.add(PooledBody.copyOf(decisions.writePayload(d.partner(), d.identity(), requestId,
                        Math.max(1, deadline.remaining().toMillis()))));
            }
            return payloads;
        } finally {
            for (int i = 0; i < permits.size(); i++) {
                guards.release(permits.get(i), new PartnerOutcome.NoBid(partners.get(i).id()));
            }
        }
    }

    /**
     * The partners' bid response bytes to the player's answer bytes: read each response, assemble the
     * pod, write the OpenRTB answer as the player route does, into the pooled body the response is sent from
     * (the caller releases it, as the route does once it is written).
     */
    PooledBody bidResponsesToPodBytes() {
        List<PartnerOutcome> outcomes = new ArrayList<>(bidResponses.size());
        for (PartnerResponse response : bidResponses) {
            outcomes.add(BidResponseReader.read(response.partnerId(), response.body(), outboundRequestId,
                    answeredTemplate));
        }
        AdPodAnswer answer = new AdPodAnswer(answered.playerRequestId(), outboundRequestId,
                PodAssembler.assemble(answered.imps(), PartnerOutcome.bidsOf(outcomes)), outcomes, true);
        return BidResponseWriter.writePooled(answer);
    }

    /** What {@code ShareLog.append} computes under its lock before the entry goes to Redis. */
    private void appendToChain(ShareRecord share) {
        long seq = chainHead.seq() + 1;
        ChainedEntry entry = ShareRecordCodec.chain(share, seq, chainHead.hash());
        chainHead = new ChainHead(seq, entry.hash());
    }

    /** As bench/shared-bench.sh configures the shared bench's nginx partners. */
    private static PartnerProfile thirdPartyAllowedEverything(int p) {
        return new PartnerProfile("nginx-" + p, URI.create("http://127.0.0.1:1808" + p + "/bid"),
                PartnerRole.THIRD_PARTY, "advertising network", EnumSet.allOf(Field.class), EmailHashFormat.SHA256_HEX,
                "nginx-" + p + ".example", StrippedIpHandling.TRUNCATE, Duration.ofMillis(200));
    }

    /**
     * Partner {@code p}'s answer in the shape of the shared bench's nginx mock (partner-echo.js), echoing
     * our request id and first imp id, but with two bids of different advertisers, so that competitive
     * separation lets several seats into the pod (90 s, at most 4 ads of 15 s: the 4 best of 6 win).
     */
    private byte[] bidResponse(int p) {
        List<String> bids = new ArrayList<>();
        for (int k = 1; k <= BIDS_PER_PARTNER; k++) {
            String price = String.format(Locale.ROOT, "%.2f", 2.40 - 0.05 * p - 0.25 * (k - 1));
            bids.add("""
                    {"id":"b-%d-%d","impid":"1","price":%s,"adid":"ad-%d%d","crid":"cr-%d%d","cid":"camp-9",\
                    "adomain":["brand-%d-%d.example"],"nurl":"http://127.0.0.1/win?b=%d%d",\
                    "adm":"<VAST version=\\"4.0\\"><Ad id=\\"%d%d\\"/></VAST>","dur":15,"w":1920,"h":1080}"""
                    .formatted(p, k, price, p, k, p, k, p, k, p, k, p, k));
        }
        return """
                {"id":"%s","bidid":"bid-%d","cur":"USD","seatbid":[{"seat":"partner-%d","bid":[%s]}]}"""
                .formatted(outboundRequestId, p, p, String.join(",", bids)).getBytes(StandardCharsets.UTF_8);
    }

    private void checkConsentedPath() {
        List<PooledBody> payloads = playerRequestToPartnerPayloads();
        String emailHex = HexFormat.of().formatHex(EmailHash.of(EMAIL).orElseThrow());
        for (PooledBody payload : payloads) {
            String text = payload.bytes().toString(StandardCharsets.UTF_8);
            payload.release();
            if (!text.contains(DEVICE_ID) || !text.contains(emailHex)) {
                throw new IllegalStateException("a payload without the consented identity: the bench would measure "
                        + "the stripped path");
            }
        }
        if (payloads.size() != PARTNERS || chainHead.seq() != 1) {
            throw new IllegalStateException("expected " + PARTNERS + " payloads and one share record, got "
                    + payloads.size() + " and " + chainHead.seq());
        }
    }

    private void checkPodHasSeveralSeats() {
        try {
            PooledBody answer = bidResponsesToPodBytes();
            JsonNode pod = JSON.readTree(answer.bytes().getBytes());
            answer.release();
            int bids = 0;
            for (JsonNode seat : pod.path("seatbid")) {
                bids += seat.path("bid").size();
            }
            if (pod.path("seatbid").size() < 2 || bids < 3) {
                throw new IllegalStateException("expected a pod of several seats, got " + pod);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = HotPathFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
