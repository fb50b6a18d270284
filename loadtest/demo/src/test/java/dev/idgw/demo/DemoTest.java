package dev.idgw.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.WriterLease;
import dev.idgw.testkit.redis.LocalRedis;
import dev.idgw.partners.PartnerProfile;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as a new user runs it, in-process (its Redis, work folder and key prefix set by the test): a
 * second demo started while one runs leaves the first one's ledger alone, whether it clashes on the port or
 * not; the consent and preview commands the demo prints work as printed (each token it prints has its role); each
 * stub partner appends what it receives to its JSON-lines file; and the demo's partners are the shipped profiles.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRedis privateRedis;
    private static String redisUri;
    private static String prefix;
    private static int port;
    private static Demo first;
    private static String printed;

    @BeforeAll
    static void startTheFirstDemo() throws Exception {
        redisUri = findOrStartRedis();
        prefix = "demo-t" + UUID.randomUUID().toString().substring(0, 8);
        port = freePort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        first = Demo.start(new Demo.Options(port, Files.createTempDirectory("idgw-demo-a"), redisUri, prefix),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (privateRedis != null) {
            privateRedis.close();
        }
    }

    /** The Redis on 127.0.0.1:6379 when it answers (CI starts it), else a private one; the prefix isolates the test. */
    private static String findOrStartRedis() throws Exception {
        if (LocalRedis.answers("127.0.0.1", 6379)) {
            return "redis://127.0.0.1:6379";
        }
        privateRedis = LocalRedis.start(Files.createTempDirectory("idgw-demo-redis"), List.of());
        return privateRedis.uri();
    }

    @Test
    void shouldLeaveTheRunningDemosLedgerAloneWhenASecondDemoStarts() throws Exception {
        assertThat(adRequest(1).statusCode()).isEqualTo(200);
        String ledger = ledger();
        assertThat(ledger).contains("seq=1").contains("jur=US-CA");

        Path second = Files.createTempDirectory("idgw-demo-b");
        assertThatThrownBy(() -> Demo.start(new Demo.Options(port, second, redisUri, prefix), discard()).close())
                .hasMessage("could not listen on 0.0.0.0:" + port + " (player listener): address already in use");
        assertThat(ledger()).as("after a second demo on the same port").isEqualTo(ledger);

        assertThatThrownBy(() -> Demo.start(new Demo.Options(freePort(), second, redisUri, prefix), discard())
                .close())
                .isInstanceOf(WriterLease.LeaseHeldElsewhere.class)
                .hasMessageContaining("writer id 'demo' is in use on " + redisUri)
                .hasMessageContaining("is another demo running? Stop it (Ctrl-C) first");
        assertThat(ledger()).as("after a second demo on another port").isEqualTo(ledger);

        long before = seqs().get(seqs().size() - 1);
        assertThat(adRequest(1).statusCode()).isEqualTo(200);
        assertThat(seqs()).as("the first demo's chain goes on").last().isEqualTo(before + 1);
        HttpResponse<String> verify = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + first.app().compliancePort() + "/compliance/v1/verify"))
                .header("Authorization", "Bearer " + printedToken("compliance")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(verify.body()).getBoolean("ok")).as(verify.body()).isTrue();
    }

    @Test
    void shouldPrintConsentCommandsThatWorkAsPrinted() throws Exception {
        List<String> commands = printed.lines().map(String::strip)
                .filter(l -> l.startsWith("curl") && l.contains("/consent/v1/devices/")).toList();
        assertThat(commands).as(printed).hasSize(2);
        assertThat(commands.get(0)).contains("-X PUT");
        for (String command : commands) {
            Process curl = new ProcessBuilder("bash", "-c", command + " -w ' HTTP %{http_code}'")
                    .redirectErrorStream(true).start();
            String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answer).as(command).endsWith(" HTTP 200").contains("\"adConsent\":true");
        }
        assertThat(printedToken("consent")).isNotEqualTo(printedToken("compliance"));
    }

    @Test
    void shouldAppendEachRequestEveryPartnerReceivesAsOneJsonLine() throws Exception {
        List<Path> files = printed.lines().map(String::strip).filter(l -> l.endsWith(".jsonl"))
                .map(Path::of).toList();
        assertThat(files).as(printed).hasSize(3);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("acme-ssp.jsonl", "brightline.jsonl", "measurely.jsonl");
        java.util.Map<Path, Integer> before = new java.util.HashMap<>();
        for (Path f : files) {
            before.put(f, Files.exists(f) ? Files.readAllLines(f).size() : 0);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(adRequest(1).statusCode()).isIn(200, 204);
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            assertThat(lines).as(f + ": one line per request, written before the partner answered")
                    .hasSize(before.get(f) + 3);
            String partner = f.getFileName().toString().replace(".jsonl", "");
            for (String line : lines) {
                JsonObject json = new JsonObject(line);
                assertThat(json.getString("partner")).isEqualTo(partner);
                assertThat(json.getString("time")).isNotBlank();
                assertThat(json.getJsonObject("headers").getString("x-openrtb-version")).isEqualTo("2.6");
                // Only what players asked for: the gateway's start-up warm-up ("test":1, no app) is not recorded.
                assertThat(json.getJsonObject("body").getJsonObject("app").getString("bundle"))
                        .isEqualTo("tv.example.app");
            }
        }
        JsonObject acme = new JsonObject(Files.readAllLines(files.get(0)).get(before.get(files.get(0)) + 2));
        assertThat(acme.getJsonObject("body").getJsonObject("device").getString("ifa"))
                .as("the consented Californian's device ID reached the third party")
                .isEqualTo(Demo.DEVICE_PREFIX + "1");
    }

    @Test
    void shouldPrintAPreviewCommandThatWorksAsPrinted() throws Exception {
        List<String> commands = printed.lines().map(String::strip)
                .filter(l -> l.startsWith("curl") && l.contains("/internal/v1/preview")).toList();
        assertThat(commands).as(printed).hasSize(1);
        Process curl = new ProcessBuilder("bash", "-c", commands.get(0) + " -w '\nHTTP %{http_code}'")
                .redirectErrorStream(true).start();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answer).as(commands.get(0)).endsWith("\nHTTP 200");
        JsonObject preview = new JsonObject(answer.substring(0, answer.lastIndexOf("\nHTTP")));
        assertThat(preview.getString("optOutSignal")).isEqualTo("honored");
        assertThat(preview.getJsonArray("partners").stream().map(p -> ((JsonObject) p).getString("id")).toList())
                .containsExactly("acme-ssp", "brightline", "measurely");
        assertThat(printedToken("operator")).isNotEqualTo(printedToken("consent"));
    }

    /** The console URL it prints answers, and the compliance token it prints signs in there. */
    @Test
    void shouldPrintTheConsoleAndATokenThatSignsIn() throws Exception {
        Matcher url = Pattern.compile("Compliance console \\(sign in with the token above\\): (http://\\S+/console/)")
                .matcher(printed);
        assertThat(url.find()).as(printed).isTrue();
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("compliance console");
        HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(URI.create(url.group(1)
                        .replace("/console/", "/internal/v1/session")))
                .header("Authorization", "Bearer " + printedToken("compliance")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(session.body()).getJsonArray("roles").getList()).containsExactly("compliance");
    }

    /** The demo runs the shipped partner profiles, but for their endpoints (its stubs listen on free ports). */
    @Test
    void shouldRunTheShippedPartnerProfiles() {
        List<PartnerProfile> shipped = ConfigLoader.loadPartners(Path.of("../../config/partners.yaml"));
        List<PartnerProfile> running = first.app().policy().partners().partners();
        assertThat(running).hasSameSizeAs(shipped);
        for (int i = 0; i < shipped.size(); i++) {
            PartnerProfile s = shipped.get(i);
            assertThat(running.get(i)).usingRecursiveComparison().ignoringFields("endpoint").isEqualTo(s);
        }
    }

    private static String printedToken(String role) {
        Matcher m = Pattern.compile("token with the " + role + " role, for this demo run only:\\n\\s+(\\S+)\\n").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> adRequest(int device) throws Exception {
        String body = new JsonObject().put("id", "r-" + UUID.randomUUID()).put("tmax", 500)
                .put("imp", new JsonArray().add(new JsonObject().put("id", "1").put("video", new JsonObject()
                        .put("mimes", new JsonArray().add("video/mp4")).put("podid", "break-1").put("poddur", 60)
                        .put("maxseq", 4).put("minduration", 5).put("maxduration", 30))))
                .put("app", new JsonObject().put("bundle", "tv.example.app"))
                .put("device", new JsonObject().put("devicetype", 3).put("ifa", Demo.DEVICE_PREFIX + device)
                        .put("ip", "203.0.113.7"))
                .encode();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openrtb2/adpod"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The demo writer's stream and chain head, and a seeded consent record (a re-seed would stamp it anew), as
     * stored. Not the checkpoints: the running demo signs one every few seconds.
     */
    private static String ledger() {
        ShareLogKeys keys = new ShareLogKeys(prefix, Demo.WRITER);
        return redis(c -> c.xrange(keys.stream(), Range.create("-", "+")).stream().map(m -> m.getId() + m.getBody())
                .toList() + "\n" + new TreeMap<>(c.hgetall(keys.head())) + "\n"
                + new TreeMap<>(c.hgetall(prefix + ":consent:{" + Demo.DEVICE_PREFIX + "1}")));
    }

    private static List<Long> seqs() {
        ShareLogKeys keys = new ShareLogKeys(prefix, Demo.WRITER);
        return redis(c -> c.xrange(keys.stream(), Range.create("-", "+")).stream()
                .map(m -> Long.parseLong(m.getBody().get(ShareLog.SEQ_FIELD))).toList());
    }

    private static <T> T redis(java.util.function.Function<io.lettuce.core.api.sync.RedisCommands<String, String>, T> read) {
        RedisClient client = RedisClient.create(redisUri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return read.apply(c.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static PrintStream discard() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
