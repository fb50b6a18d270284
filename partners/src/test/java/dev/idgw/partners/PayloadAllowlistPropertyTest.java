package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariant 3 (allowlist, not denylist) over random player requests: whatever the player sent, a
 * partner payload carries only contextual fields plus exactly the identity the decision and the
 * profile both allow.
 */
class PayloadAllowlistPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HMAC_KEY = "partner-hmac-key-for-tests".getBytes(StandardCharsets.UTF_8);
    private static final UnaryOperator<byte[]> PARTNER_HMAC = PayloadAllowlistPropertyTest::hmac;
    private static final Set<String> TOP_LEVEL = Set.of("id", "tmax", "at", "test", "cur", "bcat", "badv", "bapp",
            "wlang", "imp", "app", "site", "device", "regs", "user");
    private static final Set<String> IMP_KEYS = Set.of("id", "bidfloor", "bidfloorcur", "secure", "ssai", "exp",
            "instl", "video");
    private static final Set<String> DEVICE_KEYS = Set.of("ua", "make", "model", "os", "osv", "hwv", "language",
            "langb", "devicetype", "h", "w", "ppi", "js", "connectiontype", "dnt", "geo", "ifa", "ip", "ipv6", "lmt",
            "ext");

    /** The writer that replaced a Jackson generator per payload writes the very same bytes. */
    @Property(tries = 500)
    void shouldWriteTheSameBytesAsTheGeneratorItReplaced(
            @ForAll("identities") PlayerIdentity identity,
            @ForAll("fieldSets") Set<Field> allowed,
            @ForAll("profiles") PartnerProfile profile,
            @ForAll @IntRange(min = 1, max = 5) int impCount,
            @ForAll boolean playerLimitsTracking,
            @ForAll boolean gpc,
            @ForAll boolean coppa,
            @ForAll("oddText") String requestId,
            @ForAll @IntRange(min = 1, max = 10_000) int tmax,
            @ForAll Random random) {
        RandomBidRequests requests = new RandomBidRequests(random, smuggledSpellings(identity));
        ContextualTemplate template = ContextualTemplate.from(ContextualRequest.fromTree(
                requests.request(identity, impCount)), LeakGuard.forIdentity(identity, List.of()));
        OutboundIdentity outbound = OutboundIdentity.shape(identity, allowed, profile, playerLimitsTracking, PARTNER_HMAC);

        assertThat(new String(PartnerPayloadBuilder.build(template, profile, outbound, requestId, tmax, gpc, coppa),
                StandardCharsets.UTF_8))
                .isEqualTo(new String(GeneratorPayloadBuilder.build(template, profile, outbound, requestId, tmax, gpc,
                        coppa), StandardCharsets.UTF_8));
    }

    /** Request ids are ours (UUIDs), but the writer must not depend on that: quotes, controls, non-ASCII. */
    @Provide
    Arbitrary<String> oddText() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("\"\\\n\t\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00a-").ofMaxLength(12),
                Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString()));
    }

    @Property(tries = 500)
    void shouldNeverCopyPlayerSentUserFieldsOrSecrets(
            @ForAll("identities") PlayerIdentity identity,
            @ForAll("fieldSets") Set<Field> allowed,
            @ForAll("profiles") PartnerProfile profile,
            @ForAll @IntRange(min = 1, max = 5) int impCount,
            @ForAll boolean playerLimitsTracking,
            @ForAll boolean gpc,
            @ForAll boolean coppa,
            @ForAll Random random) throws JsonProcessingException {
        RandomBidRequests requests = new RandomBidRequests(random, smuggledSpellings(identity));
        ObjectNode request = requests.request(identity, impCount);
        OutboundIdentity outbound = OutboundIdentity.shape(identity, allowed, profile, playerLimitsTracking, PARTNER_HMAC);

        ObjectNode payload = (ObjectNode) JSON.readTree(new String(PartnerPayloadBuilder.build(
                ContextualTemplate.from(ContextualRequest.fromTree(request), LeakGuard.forIdentity(identity, List.of())),
                profile, outbound, "req-1", 200, gpc, coppa), java.nio.charset.StandardCharsets.UTF_8));
        String text = JSON.writeValueAsString(payload);
        String lower = text.toLowerCase(Locale.ROOT);

        assertThat(requests.markers()).isNotEmpty().allSatisfy(marker ->
                assertThat(lower).as("marker %s", marker).doesNotContain(marker.toLowerCase(Locale.ROOT)));
        assertThat(lower).doesNotContain("jane.doe@example.com").doesNotContain("jane%40example.com");
        Set<Field> expectedSent = EnumSet.noneOf(Field.class);
        expectedSent.addAll(allowed);
        expectedSent.retainAll(profile.identityFields());
        expectedSent.retainAll(identity.available());
        assertThat(outbound.sentFields()).isEqualTo(expectedSent);

        assertDeviceId(payload, lower, identity, expectedSent.contains(Field.DEVICE_ID));
        assertIp(payload, lower, identity, expectedSent.contains(Field.IP));
        assertHashedEmail(payload, text, identity, profile, expectedSent.contains(Field.HASHED_EMAIL));

        JsonNode device = payload.get("device");
        assertThat(device.get("lmt").asInt()).isEqualTo(expectedSent.isEmpty() || playerLimitsTracking ? 1 : 0);
        assertThat(fieldNames(device)).isSubsetOf(DEVICE_KEYS);
        assertThat(fieldNames(device.path("geo"))).isSubsetOf("country", "region");
        assertThat(fieldNames(device.path("ext"))).isSubsetOf("ifa_type");

        assertThat(payload.get("id").asText()).isEqualTo("req-1");
        assertThat(payload.get("tmax").asLong()).isEqualTo(200);
        assertThat(fieldNames(payload)).isSubsetOf(TOP_LEVEL);
        List<String> impIds = new ArrayList<>();
        payload.get("imp").forEach(imp -> {
            impIds.add(imp.get("id").asText());
            assertThat(fieldNames(imp)).isSubsetOf(IMP_KEYS);
            assertThat(imp.path("video").path("podid").asText("pod-1")).matches("pod-[1-5]");
        });
        assertThat(impIds).isEqualTo(IntStream.rangeClosed(1, impCount).mapToObj(Integer::toString).toList());

        JsonNode regs = payload.get("regs");
        assertThat(fieldNames(regs.path("ext"))).isSubsetOf("gpc");
        assertThat(regs.path("ext").has("gpc")).isEqualTo(gpc);
        if (coppa) {
            assertThat(regs.get("coppa").asInt()).isEqualTo(1);
        }
    }

    private static void assertDeviceId(JsonNode payload, String lower, PlayerIdentity identity, boolean sent) {
        if (identity.deviceId() == null) {
            assertThat(payload.get("device").has("ifa")).isFalse();
            return;
        }
        if (sent) {
            assertThat(payload.get("device").get("ifa").asText()).isEqualTo(identity.deviceId());
        } else {
            assertThat(payload.get("device").has("ifa")).isFalse();
            assertThat(lower).doesNotContain(identity.deviceId()).doesNotContain(identity.deviceId().replace("-", ""));
        }
    }

    private static void assertIp(JsonNode payload, String lower, PlayerIdentity identity, boolean sent) {
        JsonNode device = payload.get("device");
        if (sent && identity.ipv4() != null) {
            assertThat(device.get("ip").asText()).isEqualTo(identity.ipv4().getHostAddress());
        }
        if (sent && identity.ipv6() != null) {
            assertThat(device.get("ipv6").asText()).isEqualTo(IpAddresses.canonicalV6(identity.ipv6()));
        }
        if (sent) {
            return;
        }
        if (identity.ipv4() != null) {
            assertThat(lower).doesNotContain(identity.ipv4().getHostAddress());
        }
        if (identity.ipv6() != null) {
            assertThat(ipv6Spellings(identity.ipv6())).allSatisfy(spelling ->
                    assertThat(lower).doesNotContain(spelling.toLowerCase(Locale.ROOT)));
        }
    }

    private static void assertHashedEmail(JsonNode payload, String text, PlayerIdentity identity,
                                          PartnerProfile profile, boolean sent) {
        if (!sent) {
            assertThat(payload.has("user")).isFalse();
        }
        byte[] hash = identity.emailSha256();
        if (hash == null) {
            return;
        }
        String hex = HexFormat.of().formatHex(hash);
        String base64 = Base64.getEncoder().withoutPadding().encodeToString(hash);
        String base64Url = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        EmailHashFormat format = sent ? profile.emailHashFormat() : null;
        if (format != EmailHashFormat.SHA256_HEX) {
            assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain(hex);
        }
        if (format != EmailHashFormat.SHA256_BASE64) {
            assertThat(text).doesNotContain(base64).doesNotContain(base64Url);
        } else if (!base64Url.equals(base64)) {
            assertThat(text).doesNotContain(base64Url);
        }
        if (format != EmailHashFormat.HMAC_SHA256_HEX) {
            assertThat(text).doesNotContain(HexFormat.of().formatHex(hmac(hash)));
        }
        if (!sent) {
            return;
        }
        JsonNode user = payload.get("user");
        assertThat(fieldNames(user)).containsExactly("eids");
        assertThat(user.get("eids")).hasSize(1);
        JsonNode eid = user.get("eids").get(0);
        assertThat(eid.get("source").asText()).isEqualTo(profile.emailEidSource());
        assertThat(eid.get("uids")).hasSize(1);
        String expected = switch (format) {
            case SHA256_HEX -> hex;
            case SHA256_BASE64 -> Base64.getEncoder().encodeToString(hash);
            case HMAC_SHA256_HEX -> HexFormat.of().formatHex(hmac(hash));
        };
        assertThat(eid.get("uids").get(0).get("id").asText()).isEqualTo(expected);
    }

    /** Compressed, Java's uncompressed form, and fully expanded with leading zeros. */
    static List<String> ipv6Spellings(Inet6Address address) {
        byte[] b = address.getAddress();
        String expanded = IntStream.range(0, 8)
                .mapToObj(i -> String.format("%04x", ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff)))
                .collect(Collectors.joining(":"));
        return List.of(IpAddresses.canonicalV6(address), address.getHostAddress(), expanded);
    }

    /** The identifiers in the spellings the leak guard promises to catch, hidden in copied text. */
    private static List<String> smuggledSpellings(PlayerIdentity identity) {
        List<String> s = new ArrayList<>(List.of(SampleViewer.EMAIL, SampleViewer.EMAIL_URL_ENCODED));
        if (identity.deviceId() != null) {
            String id = identity.deviceId();
            s.addAll(List.of(id, id.toUpperCase(Locale.ROOT), id.replace("-", "")));
        }
        if (identity.ipv4() != null) {
            s.add(identity.ipv4().getHostAddress());
        }
        if (identity.ipv6() != null) {
            String canonical = IpAddresses.canonicalV6(identity.ipv6());
            s.addAll(List.of(canonical, canonical.toUpperCase(Locale.ROOT), identity.ipv6().getHostAddress()));
        }
        byte[] hash = identity.emailSha256();
        if (hash != null) {
            String hex = HexFormat.of().formatHex(hash);
            s.addAll(List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(hash),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(hash)));
        }
        return s;
    }

    @Provide
    Arbitrary<PlayerIdentity> identities() {
        Arbitrary<String> deviceIds = Arbitraries.randomValue(r -> new UUID(r.nextLong(), r.nextLong()).toString())
                .injectNull(0.2);
        Arbitrary<String> ifaTypes = Arbitraries.of("rida", "aaid", "idfa", "ppid").injectNull(0.3);
        Arbitrary<Inet4Address> v4 = Arbitraries.randomValue(PayloadAllowlistPropertyTest::randomV4).injectNull(0.2);
        Arbitrary<Inet6Address> v6 = Arbitraries.randomValue(PayloadAllowlistPropertyTest::randomV6).injectNull(0.3);
        Arbitrary<byte[]> hashes = Arbitraries.randomValue(r -> {
            byte[] b = new byte[32];
            r.nextBytes(b);
            return b;
        }).injectNull(0.3);
        return Combinators.combine(deviceIds, ifaTypes, v4, v6, hashes).as(PlayerIdentity::new);
    }

    @Provide
    Arbitrary<Set<Field>> fieldSets() {
        return Arbitraries.subsetOf(Field.values());
    }

    @Provide
    Arbitrary<PartnerProfile> profiles() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_').ofMinLength(1)
                .ofMaxLength(12).map(s -> "p" + s);
        return Combinators.combine(ids, Arbitraries.of(PartnerRole.class), fieldSets(),
                        Arbitraries.of(EmailHashFormat.class), Arbitraries.of("liveramp.com", "uidapi.com"),
                        Arbitraries.of(StrippedIpHandling.class), Arbitraries.integers().between(1, 1000))
                .as((id, role, fields, format, source, strippedIp, millis) -> new PartnerProfile(id,
                        URI.create("https://bids.example/" + id), role, "advertising network", fields, format,
                        source, strippedIp, Duration.ofMillis(millis)));
    }

    /** Never ends in .0, so the /24 truncation always differs from the address itself. */
    private static Inet4Address randomV4(Random r) {
        byte[] b = new byte[4];
        r.nextBytes(b);
        b[3] = (byte) (1 + r.nextInt(255));
        try {
            return (Inet4Address) Inet4Address.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sometimes with a run of zero groups to compress; the last group is never zero. */
    private static Inet6Address randomV6(Random r) {
        byte[] b = new byte[16];
        r.nextBytes(b);
        if (r.nextBoolean()) {
            int start = r.nextInt(7);
            for (int i = 2 * start; i < 2 * Math.min(7, start + 1 + r.nextInt(6)); i++) {
                b[i] = 0;
            }
        }
        b[15] = (byte) (1 + r.nextInt(255));
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HMAC_KEY, "HmacSHA256"));
            return mac.doFinal(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
