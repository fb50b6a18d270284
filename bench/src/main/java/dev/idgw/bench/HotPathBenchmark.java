package dev.idgw.bench;

import dev.idgw.gateway.wire.PooledBody;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's CPU work for one ad request, in process: what it costs in time and, above all, in bytes
 * allocated (stable on a noisy machine, where time is not). Run with
 * {@code mvn -q -B package -DskipTests && java -jar bench/target/benchmarks.jar -prof gc} and read
 * {@code ns/op} and {@code gc.alloc.rate.norm} (bytes per request).
 *
 * <ul>
 *   <li>{@code playerRequestToPartnerPayloads}: the shared bench's player request (1.2 KB, OpenRTB 2.6
 *       dynamic pod) from its bytes to the payload bytes of 3 third-party partners allowed every
 *       identity field, for a consented adult in US-CA with an email: parsing, the identity, the
 *       contextual template with its leak guard, guard permits, decisions, shaped identities, the share
 *       record's canonical JSON and chain hash, each payload built and serialized. Also the request's two
 *       random UUIDs (request id, share entry id), which the gateway makes for every request.</li>
 *   <li>{@code bidResponsesToPodBytes}: three partners' bid responses (2 bids each, different advertisers)
 *       from their bytes to the player's answer bytes: reading them, assembling the pod (4 of 6 bids,
 *       3 seats), writing the OpenRTB answer.</li>
 *   <li>{@code signPartnerPayload}: what one request to a partner with {@code signRequests: true} costs on
 *       top: the RFC 9421 signature fields of one of those payloads (1.3 KB, in pooled memory): its
 *       SHA-256 content digest, the signature base, one Ed25519 signature (Bouncy Castle), the header
 *       values. Paid once per signed partner per ad request, by nobody else.</li>
 * </ul>
 *
 * <p>Left out on purpose, because they are measured elsewhere or are not CPU work of ours: the network
 * (player and partner HTTP, TLS, Netty), Redis (the consent read comes as the consent cache hands it over;
 * the share entry is computed but not sent, and its round trip and fsync are waiting, not computing), and
 * Vert.x (routing, body handling, futures, event-loop hops) with the meters riding on it. The shared
 * bench ({@code bench/shared-bench.sh}) and the load test measure the whole, these the part we can
 * shrink deterministically. All production calls go through {@link HotPathFixture}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@State(Scope.Thread)
public class HotPathBenchmark {
    private HotPathFixture fixture;

    @Setup
    public void prepare() {
        fixture = HotPathFixture.prepare();
    }

    @TearDown
    public void release() {
        fixture.close();
    }

    @Benchmark
    public void playerRequestToPartnerPayloads(Blackhole blackhole) {
        for (PooledBody payload : fixture.playerRequestToPartnerPayloads()) {
            blackhole.consume(payload.bytes());
            payload.release(); // as the partner client does once the write is done
        }
    }

    @Benchmark
    public void bidResponsesToPodBytes(Blackhole blackhole) {
        PooledBody answer = fixture.bidResponsesToPodBytes();
        blackhole.consume(answer.bytes());
        answer.release(); // as the player route does once the response is written
    }

    @Benchmark
    public void signPartnerPayload(Blackhole blackhole) {
        blackhole.consume(fixture.signPartnerPayload());
    }
}
