package dev.idgw.gateway.support;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.testkit.redis.LocalRedis;
import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of masters without replicas on 127.0.0.1: private {@code redis-server} processes in a
 * temp dir (AOF with fsync on every write, like the shipped share-log config, so a killed master comes
 * back with its data), joined with {@code redis-cli --cluster create}. A master can be SIGKILLed and
 * restarted on the same port and nodes file, which makes it rejoin with its old slots. Every process
 * is stopped by {@link #close()}, and by a shutdown hook should the test JVM exit first.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final Duration READY_WAIT = Duration.ofSeconds(20);

    private final List<LocalRedis> masters = new ArrayList<>();
    private final List<List<int[]>> slotRanges = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "redis-cluster-stop");

    private LocalRedisCluster() {
    }

    /** Starts {@code count} masters, creates the cluster and waits until every node reports it ok. */
    public static LocalRedisCluster start(int count) throws IOException, InterruptedException {
        LocalRedisCluster cluster = new LocalRedisCluster();
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            Path dir = Files.createTempDirectory("idgw-cluster");
            Set<Integer> taken = new HashSet<>();
            for (int i = 0; i < count; i++) {
                int port = freePort(taken);
                int busPort = freePort(taken); // chosen too: the default (port + 10000) may be taken or past 65535
                cluster.masters.add(LocalRedis.startOnPort(port, dir.resolve("node-" + port), List.of(
                        "--cluster-enabled", "yes", "--cluster-port", Integer.toString(busPort),
                        "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "2000",
                        "--cluster-require-full-coverage", "no",
                        "--appendonly", "yes", "--appendfsync", "always", "--save", "")));
            }
            List<String> create = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
            cluster.masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("All 16384 slots covered")) {
                throw new IOException("redis-cli --cluster create failed:\n" + out);
            }
            for (int i = 0; i < count; i++) {
                cluster.awaitReady(i);
                cluster.slotRanges.add(ownSlots(cluster.masters.get(i).port()));
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Seed node URIs, as {@code redis.cluster} takes them. */
    public List<String> seeds() {
        return masters.stream().map(LocalRedis::uri).toList();
    }

    public int size() {
        return masters.size();
    }

    /** Index of the master that owns {@code key}'s slot (hash tags respected). */
    public int masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (int i = 0; i < slotRanges.size(); i++) {
            for (int[] range : slotRanges.get(i)) {
                if (slot >= range[0] && slot <= range[1]) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("slot " + slot + " is not covered");
    }

    /** SIGKILL: the master dies at once, its slots become unreachable. */
    public void kill(int master) {
        masters.get(master).kill();
    }

    /** Starts the master again on its port and nodes file; returns once it answers PING (not yet serving). */
    public void restart(int master) throws IOException {
        masters.get(master).restart();
    }

    /** Waits until the master reports {@code cluster_state:ok}: it has rejoined and serves its slots. */
    public void awaitReady(int master) {
        int port = masters.get(master).port();
        eventually(READY_WAIT, Duration.ofMillis(50), () -> {
            String info = run(List.of(redisCli(), "-p", Integer.toString(port), "cluster", "info"));
            assertThat(info).as("cluster node on port %d ready", port)
                    .contains("cluster_state:ok", "cluster_known_nodes:" + masters.size());
        });
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the same processes
        }
    }

    private void stopAll() {
        masters.forEach(LocalRedis::close);
    }

    /** The slot ranges the node on {@code port} serves, from its own line of CLUSTER NODES. */
    private static List<int[]> ownSlots(int port) throws IOException, InterruptedException {
        for (String line : run(List.of(redisCli(), "-p", Integer.toString(port), "cluster", "nodes")).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length > 2 && f[2].contains("myself")) {
                List<int[]> ranges = new ArrayList<>();
                for (int i = 8; i < f.length; i++) {
                    String[] bounds = f[i].split("-");
                    int from = Integer.parseInt(bounds[0]);
                    ranges.add(new int[] {from, bounds.length > 1 ? Integer.parseInt(bounds[1]) : from});
                }
                return ranges;
            }
        }
        throw new IOException("CLUSTER NODES on port " + port + " has no 'myself' line");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String redisCli() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-cli"))) {
                return Path.of(dir, "redis-cli").toString();
            }
        }
        throw new IllegalStateException("redis-cli not found on PATH (Debian: apt-get install redis-tools)");
    }

    private static int freePort(Set<Integer> taken) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (taken.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }
}
