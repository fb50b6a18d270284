package dev.idgw.gateway.logging;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.TestRedis;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.fault.TcpFaultProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs last (a surefire execution of its own after the others: gateway/pom.xml) and reads every log line the gateway wrote during the whole
 * test run (target/test-logs/*.jsonl: the test JVM's and those of gateways started as child JVMs, written
 * by logback-test.xml with the production layout): each line must be a JSON object, and none may carry anything shaped like a device ID (UUID,
 * with or without dashes), a viewer IP (any IPv4 but loopback and the wildcard, the IPv6 documentation
 * range the tests use), an email address, or a 64-hex hash. Before scanning it adds traffic of its own
 * that makes the gateway log (Redis going silent, a partner answering garbage, malformed requests), so
 * it can fail even when run alone.
 */
class LogsCarryNoIdentifiersTest {
    private static final Path LOGS = Path.of("target/test-logs");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that are ours by construction: time, level, logger and thread names, the gateway's request id. */
    private static final Set<String> SAFE_FIELDS = Set.of("ts", "level", "logger", "thread", "rid");
    private static final Map<String, Pattern> IDENTIFIERS = Map.of(
            "uuid", Pattern.compile("(?i)\\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\\b"),
            "ipv4", Pattern.compile("\\b(?!127\\.)(?!0\\.0\\.0\\.0\\b)(?:\\d{1,3}\\.){3}\\d{1,3}\\b"),
            "ipv6", Pattern.compile("(?i)\\b2001:db8:"),
            "email", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
            "hash", Pattern.compile("(?i)\\b[0-9a-f]{64}\\b"));

    @Test
    void shouldFindNoIdentifierInAnyLogLineOfTheRun() throws Exception {
        makeTheGatewayLog();
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(LOGS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        assertThat(lines).as("the run's log").hasSizeGreaterThan(10);
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line;
            try {
                line = JSON.readTree(lines.get(i));
            } catch (Exception e) {
                findings.add("line " + (i + 1) + " is not JSON");
                continue;
            }
            if (line == null || !line.isObject() || !line.has("ts") || !line.has("level") || !line.has("msg")) {
                findings.add("line " + (i + 1) + " is not a log object");
                continue;
            }
            scan(line, "", i + 1, findings);
        }
        assertThat(findings).as("identifiers in %d log lines", lines.size()).isEmpty();
    }

    private static void scan(JsonNode node, String field, int line, List<String> findings) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(field.isEmpty() && SAFE_FIELDS.contains(e.getKey()))) {
                    scan(e.getValue(), e.getKey(), line, findings);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> scan(n, field, line, findings));
        } else if (node.isTextual()) {
            for (Map.Entry<String, Pattern> p : IDENTIFIERS.entrySet()) {
                Matcher m = p.getValue().matcher(node.asText());
                if (m.find()) {
                    // Say where and what kind; never echo the value into the test report either.
                    findings.add("line " + line + ", field " + field + ": " + p.getKey());
                }
            }
        }
    }

    /** Traffic that makes the gateway log: a silent Redis, a partner answering garbage, bad requests. */
    private static void makeTheGatewayLog() throws Exception {
        URI redis = URI.create(TestRedis.uri());
        try (TcpFaultProxy proxy = TcpFaultProxy.start(redis.getHost(), redis.getPort());
             GatewayHarness gateway = GatewayHarness.builder().redisUri("redis://127.0.0.1:" + proxy.port())
                     .commandTimeout(Duration.ofMillis(100))
                     .partner(PartnerSpec.allFields("alpha"))
                     .partner(PartnerSpec.allFields("garbage").withBehavior(StubBehavior.failing(dev.idgw.testkit.partner.StubFailure.GARBAGE)))
                     .start()) {
            String device = UUID.randomUUID().toString();
            gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, new byte[32], 1, Instant.now()));
            for (int i = 0; i < 20; i++) {
                gateway.post(AdPodRequests.dynamicPod("ok-" + i, device, "198.51.100." + (i + 1)).toString());
            }
            proxy.blackhole();
            for (int i = 0; i < 30; i++) {
                gateway.post(AdPodRequests.dynamicPod("dark-" + i, device, "198.51.100.77").toString(),
                        "X-Forwarded-For", "203.0.113.9");
            }
            proxy.pass();
            // Identity flows again once the gateway has reconnected and resynced, which it logs.
            eventually(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
                gateway.stub("alpha").clearReceived();
                gateway.post(AdPodRequests.dynamicPod("back", device, "198.51.100.78").toString());
                assertThat(gateway.stub("alpha").received()).as("identity after Redis came back")
                        .anySatisfy(r -> assertThat(r.bodyText()).contains(device));
            });
            gateway.post("{\"id\":\"x\",\"device\":{\"ifa\":\"" + device + "\",\"ip\":\"198.51.100.8\"},\"imp\":[{]}");
            gateway.post("{\"id\":\"" + device + "\",\"user\":{\"ext\":{\"email\":\"jane.doe@example.com\"}}}");
            gateway.internal("PUT", "/consent/v1/devices/" + device, "{\"adConsent\":true,\"jurisdiction\":\"US-CA\","
                    + "\"ageBand\":\"adult\",\"email\":\"not an email " + device + "\"}", GatewayHarness.CONSENT_TOKEN);
        }
    }
}
