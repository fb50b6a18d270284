package dev.idgw.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process on 127.0.0.1 that this JVM started and owns: the system one when it is
 * on the PATH, else the binary embedded-redis ships. It can be frozen (SIGSTOP), killed (SIGKILL) and
 * restarted on the same port, directory and config (so it replays its AOF): what fault tests and the load
 * test's process faults need. Signals go to this process only, by its own pid. Readiness and settings are
 * checked with raw RESP over a socket, so this needs no Redis client.
 */
public final class LocalRedis implements AutoCloseable {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);
    private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
    private static final String EMBEDDED_BINARY = "/redis-server-6.2.6-v5-linux-amd64";

    private final RedisOptions options;
    private final int port;
    private final String executable;
    private volatile Process process;
    private volatile Path log;
    private int restarts;
    private boolean stopped;

    private LocalRedis(RedisOptions options, int port, String executable) {
        this.options = options;
        this.port = port;
        this.executable = executable;
    }

    /** Starts a server as {@code options} say; returns once it answers PING. */
    public static LocalRedis start(RedisOptions options) throws IOException {
        Files.createDirectories(options.dir());
        int port = options.port() == 0 ? freePort() : options.port();
        var redis = new LocalRedis(options, port, executable(options.dir()));
        redis.launch("redis.log");
        return redis;
    }

    /** A throwaway server on a free port in {@code dir}, with {@code arguments} on its command line. */
    public static LocalRedis start(Path dir, List<String> arguments) throws IOException {
        return start(RedisOptions.in(dir).arguments(arguments));
    }

    /**
     * On a port the caller chose: a Redis Cluster node's port goes into its nodes file and its peers', so a
     * restart must reuse it, and its bus port is chosen with it.
     */
    public static LocalRedis startOnPort(int port, Path dir, List<String> arguments) throws IOException {
        return start(RedisOptions.in(dir).port(port).arguments(arguments));
    }

    /** True when something on host:port answers PING with PONG within 300 ms. */
    public static boolean answers(String host, int port) {
        return command(host, port, "PING").startsWith("+PONG");
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return options.dir();
    }

    /** The pid of the current process (a restart makes a new one). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The server's {@code appendfsync} setting, or "unknown". */
    public String appendFsync() {
        String[] lines = command("127.0.0.1", port, "CONFIG GET appendfsync").split("\r\n");
        return lines.length >= 5 ? lines[4] : "unknown";
    }

    /** SIGSTOP: the server hangs with its sockets open, as under a long GC pause or a frozen VM. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT; harmless when not paused. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** SIGKILL, and wait until it is gone: a crash. */
    public synchronized void kill() {
        Process victim = process;
        victim.destroyForcibly();
        try {
            if (!victim.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("redis-server (pid " + victim.pid() + ") still alive "
                        + KILL_WAIT.toSeconds() + " s after SIGKILL");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the server again on the same port, directory and config (an AOF there is replayed), killing the
     * current process first if it still runs; returns once it answers PING. After {@link #stop} it does
     * nothing: whoever stopped it is shutting down, and a restart racing with that must not leave a
     * process behind.
     */
    public synchronized void restart() throws IOException {
        if (stopped) {
            return;
        }
        if (process.isAlive()) {
            kill();
        }
        restarts++;
        launch("redis-restart-" + restarts + ".log"); // the first log stays, to read after a crash
    }

    /** Resumed first (a stopped process would sit on SIGTERM), then SIGTERM, SIGKILL after {@code grace}. */
    public synchronized void stop(Duration grace) {
        stopped = true;
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        try {
            resume();
        } catch (IOException | RuntimeException ignored) {
            // SIGTERM, then SIGKILL below, end a stopped process too; resuming only saves the grace period
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        current.destroy();
        try {
            if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly();
                current.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_STOP_GRACE);
    }

    private void launch(String logName) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable));
        options.configFile().ifPresent(file -> command.add(file.toAbsolutePath().toString()));
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", options.dir().toAbsolutePath().toString(), "--daemonize", "no", "--protected-mode", "yes"));
        if (options.configFile().isEmpty()) {
            command.addAll(List.of("--save", "", "--appendonly", "no")); // a throwaway unless the arguments differ
        }
        command.addAll(options.arguments()); // later arguments override earlier ones
        log = options.dir().resolve(logName);
        process = new ProcessBuilder(command).directory(options.dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (answers("127.0.0.1", port)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited (" + log + "): " + logTail(10));
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + port + " within "
                + options.startTimeout().toSeconds() + " s (" + log + "): " + logTail(10));
    }

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException unreadable) {
            return "(no output: " + unreadable.getMessage() + ")";
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process target = process;
        if (!target.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(target.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " did not finish in " + SIGNAL_TIMEOUT.toSeconds() + " s");
        }
        if (kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + target.pid() + " exited with " + kill.exitValue());
        }
    }

    /** One inline command, its raw reply ("" when nothing answers in time). */
    private static String command(String host, int port, String command) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int read = in.read(buffer);
            if (read <= 0) {
                return "";
            }
            var reply = new StringBuilder(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            // A multi-bulk reply may arrive in pieces; CONFIG GET's is tiny, one more read is enough.
            if (reply.charAt(0) == '*' && reply.toString().split("\r\n").length < 5 && (read = in.read(buffer)) > 0) {
                reply.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            }
            return reply.toString();
        } catch (IOException notAnswering) {
            return "";
        }
    }

    private static String executable(Path dir) throws IOException {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(entry, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (Path candidate : List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/sbin/redis-server"))) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return extractEmbedded(dir).toString();
    }

    /** The linux-amd64 redis-server inside the embedded-redis jar, copied out once per directory. */
    private static Path extractEmbedded(Path dir) throws IOException {
        Path target = dir.resolve("redis-server-embedded");
        if (!Files.isExecutable(target)) {
            try (InputStream in = LocalRedis.class.getResourceAsStream(EMBEDDED_BINARY)) {
                if (in == null) {
                    throw new IOException("no redis-server on the PATH and no embedded one for this platform");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!target.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + target + " executable");
            }
        }
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
