package dev.idgw.gateway.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server process on 127.0.0.1 that this JVM started and owns: the Debian {@code redis-server}
 * when it is on the PATH, else the real binary that embedded-redis ships. It can be stopped, killed,
 * paused and restarted on the same port and directory, which is what fault tests need.
 */
public final class LocalRedis implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final String executable;
    private Process process;

    private LocalRedis(int port, Path dir, List<String> extraArgs, String executable) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        this.executable = executable;
    }

    /** True when something on host:port answers PING with PONG within 300 ms. */
    public static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 300);
            s.setSoTimeout(300);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n >= 5 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts a private server on a free port, keeping nothing on disk unless {@code extraArgs} say so. */
    public static LocalRedis start(Path dir, List<String> extraArgs) throws IOException {
        Files.createDirectories(dir);
        LocalRedis redis = new LocalRedis(freePort(), dir, extraArgs, executable(dir));
        redis.launch();
        return redis;
    }

    /**
     * Starts a private server on a port the caller chose: a Redis Cluster node's port goes into its
     * nodes file and its peers', so a restart must reuse it, and its bus port is chosen with it.
     */
    public static LocalRedis startOnPort(int port, Path dir, List<String> extraArgs) throws IOException {
        Files.createDirectories(dir);
        LocalRedis redis = new LocalRedis(port, dir, extraArgs, executable(dir));
        redis.launch();
        return redis;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"));
        cmd.addAll(extraArgs); // later arguments override earlier ones
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (answers("127.0.0.1", port)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: see " + dir.resolve("redis.log"));
            }
            sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer on port " + port + " within 10 s");
    }

    /** SIGKILL: the server dies at once, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Starts the server again on the same port and directory (an AOF there is replayed). */
    public void restart() throws IOException {
        if (process != null && process.isAlive()) {
            kill();
        }
        launch();
    }

    /** SIGSTOP / SIGCONT: the server hangs with its sockets open, as under a long GC or a frozen VM. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String executable(Path dir) throws IOException {
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(p, "redis-server");
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

    /** The linux-amd64 redis-server inside the embedded-redis jar, copied out once. */
    private static Path extractEmbedded(Path dir) throws IOException {
        String resource = "/redis-server-6.2.6-v5-linux-amd64";
        Path target = dir.resolve("redis-server-embedded");
        if (!Files.isExecutable(target)) {
            try (InputStream in = LocalRedis.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no redis-server on PATH and no embedded binary for this platform");
                }
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (!target.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + target + " executable");
            }
        }
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
