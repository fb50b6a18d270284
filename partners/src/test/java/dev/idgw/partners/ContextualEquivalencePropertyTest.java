package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link ContextualRequest} with the streaming {@link ContextualTemplate} against the tree-walking
 * template it replaced ({@link TreeContextualTemplate}): on random requests full of secrets, then
 * mutated (values of the wrong type, nulls, nested junk, numbers at every edge of int, identity
 * smuggled into copied text, allowlisted names in unexpected places), both render the same contextual
 * JSON (compared as trees: member order was never fixed) and map imp ids back alike.
 */
class ContextualEquivalencePropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final LeakGuard GUARD = LeakGuard.forIdentity(SampleViewer.identity(), List.of());
    private static final LeakGuard BLIND = LeakGuard.forIdentity(PlayerIdentity.none(), List.of());
    /** Every name some allowlisted object knows, so mutations land where the type rules matter. */
    private static final String[] NAMES = {"at", "test", "cur", "bcat", "badv", "bapp", "wlang", "imp", "id",
            "bidfloor", "bidfloorcur", "secure", "ssai", "video", "mimes", "minduration", "maxduration", "podid",
            "poddur", "rqddurs", "protocols", "mincpmpersec", "slotinpod", "app", "site", "name", "bundle", "domain",
            "cat", "pagecat", "privacypolicy", "publisher", "content", "title", "episode", "len", "network",
            "channel", "producer", "device", "ua", "make", "devicetype", "js", "geo", "country", "region", "lat",
            "regs", "coppa", "gdpr", "us_privacy", "gpp", "gpp_sid", "ext", "user"};

    @Property(tries = 3_000)
    void shouldRenderWhatTheTreeTemplateRendered(@ForAll Random random) throws JsonProcessingException {
        RandomBidRequests requests = new RandomBidRequests(random, SampleViewer.guardedSpellings());
        ObjectNode request = requests.request(SampleViewer.identity(), 1 + random.nextInt(4));
        for (int i = random.nextInt(8); i > 0; i--) {
            mutate(request, random);
        }
        LeakGuard guard = random.nextInt(4) == 0 ? BLIND : GUARD;

        TreeContextualTemplate expected;
        try {
            expected = TreeContextualTemplate.from(request, guard);
        } catch (RuntimeException e) {
            Assume.that(false); // the tree template needed what intake guarantees (an imp with a video)
            return;
        }
        ContextualTemplate actual = ContextualTemplate.from(ContextualRequest.fromTree(request), guard);

        assertThat(JSON.readTree(actual.contextualJson())).as("%s", request)
                .isEqualTo(JSON.readTree(expected.contextualJson()));
        for (String outbound : List.of("0", "1", "2", "3", "4", "5", "+1", "01", "-1", "x", "", "99999999999")) {
            assertThat(actual.playerImpId(outbound)).as(outbound).isEqualTo(expected.playerImpId(outbound));
        }
    }

    @Test
    void shouldKeepSmallLongsAndBigIntegersOfATreeBuiltInCode() throws JsonProcessingException {
        ObjectNode request = (ObjectNode) JSON.readTree("{\"imp\":[{\"id\":\"a\",\"video\":{}}]}");
        request.put("at", 2L).put("test", BigInteger.ONE);
        ((ObjectNode) request.at("/imp/0/video")).put("w", 3_000_000_000L).putArray("api").add(7L).add(BigInteger.TEN);

        assertThat(JSON.readTree(ContextualTemplate.from(ContextualRequest.fromTree(request), GUARD).contextualJson()))
                .isEqualTo(JSON.readTree(TreeContextualTemplate.from(request, GUARD).contextualJson()));
    }

    /** Replaces or adds one member somewhere in the request. */
    private static void mutate(ObjectNode request, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(request, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = !names.isEmpty() && random.nextBoolean() ? names.get(random.nextInt(names.size()))
                : NAMES[random.nextInt(NAMES.length)];
        if (target == request && name.equals("imp") && random.nextInt(4) != 0) {
            return; // keep an imp array most of the time, or there is little left to compare
        }
        target.set(name, value(random, 0));
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
        }
        node.forEach(child -> collectObjects(child, out));
    }

    private static JsonNode value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 14 : 18)) {
            case 0 -> NODES.numberNode(random.nextInt(200) - 50);
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100));
            case 3 -> NODES.numberNode(random.nextBoolean() ? BigInteger.valueOf(random.nextInt(100))
                    : BigInteger.TWO.pow(31 + random.nextInt(80)).negate());
            case 4 -> NODES.numberNode(random.nextBoolean() ? random.nextInt(100) / 4.0 : 5.0);
            case 5 -> NODES.numberNode(List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300, Double.MIN_VALUE)
                    .get(random.nextInt(5)));
            case 6 -> NODES.numberNode(new BigDecimal("12.50"));
            case 7 -> NODES.numberNode(2.5f);
            case 8 -> NODES.textNode(List.of("USD", "1YNN", "1YN", "1ynn", "DBABLA~BFQqAAAAAACA.QA", "DBA BLA",
                    "", "pod-1", SampleViewer.DEVICE_ID, "x " + SampleViewer.IPV4, SampleViewer.EMAIL,
                    "1" + "Y".repeat(3), "a".repeat(5000)).get(random.nextInt(13)));
            case 9 -> NODES.textNode("Title " + random.nextInt(1000));
            case 10 -> NODES.booleanNode(random.nextBoolean());
            case 11 -> NODES.nullNode();
            case 12 -> NODES.arrayNode();
            case 13 -> NODES.objectNode();
            case 14, 15 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(random.nextInt(10) == 0 ? 200 : 5); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(NAMES[random.nextInt(NAMES.length)], value(random, depth + 1));
                }
                yield object;
            }
        };
    }
}
