package dev.idgw.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A link opened with a Vert.x reads its replies on Vert.x's event loops and starts no I/O threads of
 * Lettuce's own; it never closes Vert.x's loops, and closes itself when Vert.x closes first.
 */
@Isolated // counts the JVM's threads: another test's Redis client would start some
@ExtendWith(VertxExtension.class) // a Vert.x per test, closed after it
class RedisLinkEventLoopTest {

    @Test
    void shouldCompleteRepliesOnVertxEventLoopsWithoutLettuceIoThreads(Vertx vertx) throws Exception {
        Set<Long> before = threadIds();
        try (RedisLink link = RedisLink.open(name(), settings(), Duration.ofSeconds(5), vertx)) {
            assertThat(link.onVertxEventLoops()).isTrue();
            assertThat(replyThread(link)).startsWith("vert.x-eventloop-thread");
            assertThat(lettuceIoThreadsSince(before)).as("Lettuce I/O threads started for the link").isEmpty();
        }
    }

    @Test
    void shouldUseThreadsOfItsOwnWithoutVertx() throws Exception {
        Set<Long> before = threadIds();
        try (RedisLink link = RedisLink.open(name(), settings(), Duration.ofSeconds(5))) {
            assertThat(link.onVertxEventLoops()).isFalse();
            String thread = replyThread(link);
            assertThat(thread).startsWith("lettuce-");
            // the same check as above sees them: its emptiness there means something
            assertThat(lettuceIoThreadsSince(before)).contains(thread);
        }
    }

    @Test
    void shouldLeaveVertxRunningWhenTheLinkCloses(Vertx vertx) throws Exception {
        RedisLink first = RedisLink.open(name(), settings(), Duration.ofSeconds(5), vertx);
        replyThread(first);
        first.close();

        assertThat(first.isConnected()).isFalse();
        try (RedisLink second = RedisLink.open(name(), settings(), Duration.ofSeconds(5), vertx)) {
            assertThat(replyThread(second)).startsWith("vert.x-eventloop-thread");
        }
        assertThat(vertx.setTimer(1, id -> { })).as("Vert.x still schedules").isNotNegative();
    }

    @Test
    void shouldCloseWithVertxWhenVertxClosesFirst(Vertx vertx, VertxTestContext ctx) throws Exception {
        RedisLink link = RedisLink.open(name(), settings(), Duration.ofSeconds(5), vertx);
        replyThread(link);

        vertx.close().onComplete(ctx.succeeding(closed -> ctx.verify(() -> {
            assertThat(link.isConnected()).isFalse();
            assertThat(link.closeAsync()).as("already closed by the close hook").succeedsWithin(Duration.ofSeconds(1));
            link.close(); // a second close is harmless
            ctx.completeNow();
        })));
    }

    /**
     * The name of the thread a GET's future completes on. A reply can beat the callback's registration
     * (then the callback runs on the caller): such attempts are repeated.
     */
    private static String replyThread(RedisLink link) throws Exception {
        String caller = Thread.currentThread().getName();
        for (int attempt = 0; attempt < 100; attempt++) {
            CompletableFuture<String> thread = new CompletableFuture<>();
            link.commands().orElseThrow().get("idgw-test:loops:" + UUID.randomUUID())
                    .whenComplete((value, error) -> thread.complete(Thread.currentThread().getName()));
            String name = thread.get(5, TimeUnit.SECONDS);
            if (!name.equals(caller)) {
                return name;
            }
        }
        throw new AssertionError("every reply was there before its callback");
    }

    /** Lettuce's I/O threads (not its timer or computation threads) started since {@code before}. */
    private static List<String> lettuceIoThreadsSince(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t.getId()))
                .map(Thread::getName)
                .filter(n -> n.startsWith("lettuce-") && !n.startsWith("lettuce-eventExecutorLoop")
                        && !n.startsWith("lettuce-timer"))
                .toList();
    }

    private static Set<Long> threadIds() {
        Set<Long> ids = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> ids.add(t.getId()));
        return ids;
    }

    private static String name() {
        return "loops-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static RedisSettings settings() {
        return new RedisSettings(TestRedis.uri(), Duration.ofSeconds(2), 10_000, "idgw-test");
    }
}
