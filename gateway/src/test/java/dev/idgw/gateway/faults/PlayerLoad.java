package dev.idgw.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.faults.Audience.PlayerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Players for a fault test: an open-model load (requests sent at a fixed rate whatever the answers,
 * with a cap on requests in flight so a stalled gateway cannot make the test unbounded), and the
 * player-facing contract every answer is held to.
 */
final class PlayerLoad {
    /** Longer than any deadline: an answer slower than this is a hang. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One player's answer, or why there was none; {@code millis} from the moment it was sent. */
    record Answer(int status, long millis, String retryAfter, String contentType, String body, String error) {
    }

    /** What a load sent and got back; {@code skipped} are sends dropped because the in-flight cap was reached. */
    record Run(List<Answer> answers, int skipped) {
        long count(int status) {
            return answers.stream().filter(a -> a.error() == null && a.status() == status).count();
        }

        long percentileMillis(double p) {
            List<Long> ms = answers.stream().map(Answer::millis).sorted().toList();
            return ms.isEmpty() ? 0 : ms.get((int) Math.min(ms.size() - 1, Math.ceil(p / 100 * ms.size()) - 1));
        }

        String summary() {
            Map<String, Integer> byKind = new TreeMap<>();
            answers.forEach(a -> byKind.merge(a.error() != null ? "error" : Integer.toString(a.status()), 1,
                    Integer::sum));
            return answers.size() + " answers " + byKind + ", skipped " + skipped + ", p50 " + percentileMillis(50)
                    + " ms, p99 " + percentileMillis(99) + " ms, max " + percentileMillis(100) + " ms";
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    PlayerLoad(URI uri) {
        this.uri = uri;
    }

    /** {@code ratePerSecond} requests for {@code duration}; every one answered or timed out on return. */
    Run run(int ratePerSecond, Duration duration, int maxInFlight, Supplier<PlayerRequest> next) {
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        int skipped = 0;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long start = System.nanoTime();
        for (long at = start; at - start < duration.toNanos(); at += intervalNanos) {
            LockSupport.parkNanos(at - System.nanoTime());
            if (inFlight.get() >= maxInFlight) {
                skipped++;
                continue;
            }
            inFlight.incrementAndGet();
            sent.add(sendAsync(next.get()).thenAccept(a -> {
                answers.add(a);
                inFlight.decrementAndGet();
            }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .orTimeout(CLIENT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS).join();
        return new Run(List.copyOf(answers), skipped);
    }

    /** One request, waited for (bounded by {@link #CLIENT_TIMEOUT}). */
    Answer send(PlayerRequest request) {
        return sendAsync(request).join();
    }

    private CompletableFuture<Answer> sendAsync(PlayerRequest request) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.body()));
        for (int i = 0; i + 1 < request.headers().length; i += 2) {
            req.header(request.headers()[i], request.headers()[i + 1]);
        }
        long start = System.nanoTime();
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofString()).handle((r, error) -> {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                return new Answer(-1, millis, null, null, null, cause.getClass().getSimpleName());
            }
            return new Answer(r.statusCode(), millis, r.headers().firstValue("Retry-After").orElse(null),
                    r.headers().firstValue("Content-Type").orElse(""), r.body(), null);
        });
    }

    /**
     * The player contract under faults: every request answered within {@code deadline}, with 200 or 204,
     * or under overload 503 with a {@code Retry-After} and an RFC 9457 problem body; never a 5xx
     * otherwise, never a dropped connection, never a hang.
     */
    static void assertAnsweredInTime(Run run, Duration deadline, String context) {
        Map<String, List<String>> problems = new TreeMap<>();
        for (Answer a : run.answers()) {
            if (a.error() != null) {
                note(problems, "no answer (" + a.error() + ")", a);
                continue;
            }
            if (a.millis() > deadline.toMillis()) {
                note(problems, "slower than " + deadline.toMillis() + " ms", a);
            }
            if (a.status() == 503) {
                if (a.retryAfter() == null || !a.retryAfter().strip().matches("\\d+|[A-Z][a-z]{2}, .+ GMT")) {
                    note(problems, "503 without a valid Retry-After", a);
                }
                if (!a.contentType().startsWith("application/problem+json") || !isJsonObject(a.body())) {
                    note(problems, "503 without a problem+json body", a);
                }
            } else if (a.status() != 200 && a.status() != 204) {
                note(problems, "status " + a.status(), a);
            }
        }
        assertThat(problems).as("%s (%s)", context, run.summary()).isEmpty();
    }

    /** Counts each kind of problem and keeps its first three examples. */
    private static void note(Map<String, List<String>> problems, String kind, Answer a) {
        List<String> examples = problems.computeIfAbsent(kind, k -> new ArrayList<>(List.of("0 times")));
        examples.set(0, (Integer.parseInt(examples.get(0).split(" ")[0]) + 1) + " times");
        if (examples.size() <= 3) {
            examples.add(a.status() + " in " + a.millis() + " ms");
        }
    }

    private static boolean isJsonObject(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node != null && node.isObject();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The partner ids that placed bids in a 200 answer. */
    static List<String> seats(Answer a) {
        if (a.error() != null || a.status() != 200) {
            return List.of();
        }
        try {
            List<String> seats = new ArrayList<>();
            JSON.readTree(a.body()).path("seatbid").forEach(s -> seats.add(s.path("seat").asText()));
            return seats;
        } catch (java.io.IOException e) {
            return Collections.emptyList();
        }
    }
}
