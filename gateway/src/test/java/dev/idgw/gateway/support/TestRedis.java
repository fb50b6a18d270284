package dev.idgw.gateway.support;

import dev.idgw.testkit.redis.LocalRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The Redis most tests share: the one on 127.0.0.1:6379 when it answers (CI starts it), else a
 * private server started once per test JVM. Tests isolate themselves with their own key prefix.
 */
public final class TestRedis {
    private static String uri;

    private TestRedis() {
    }

    public static synchronized String uri() {
        if (uri == null) {
            if (LocalRedis.answers("127.0.0.1", 6379)) {
                uri = "redis://127.0.0.1:6379";
            } else {
                try {
                    LocalRedis redis = LocalRedis.start(Files.createTempDirectory("idgw-test-redis"), List.of());
                    Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
                    uri = redis.uri();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return uri;
    }
}
