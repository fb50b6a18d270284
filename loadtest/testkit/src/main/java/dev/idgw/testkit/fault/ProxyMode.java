package dev.idgw.testkit.fault;

import java.time.Duration;
import java.util.Objects;

/** What a {@link TcpFaultProxy} does to the bytes it carries; one mode is in force at a time. */
public sealed interface ProxyMode {
    ProxyMode PASS = new Pass();
    ProxyMode BLACKHOLE = new Blackhole();
    ProxyMode STRAND = new Strand();
    ProxyMode RESET = new Reset();
    ProxyMode CLOSE = new Close();

    /** Forward everything at once, both ways. Connections a blackhole damaged are reset (see {@link Blackhole}). */
    record Pass() implements ProxyMode {
    }

    /** Hold every chunk back by {@code delay}, both ways; order within a connection is kept. */
    record Latency(Duration delay) implements ProxyMode {
        public Latency {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("latency needs a delay >= 0: " + delay);
            }
        }
    }

    /**
     * Hold back {@code fraction} of the client-to-target chunks by {@code delay}, which for request/response
     * traffic is about that share of requests (a p99 tail at 0.01). Chunks behind a held one on the same
     * connection wait for it, as on a real link.
     */
    record TailLatency(Duration delay, double fraction) implements ProxyMode {
        /** The share that makes a p99 tail: about 1 request in 100. */
        public static final double DEFAULT_P99_FRACTION = 0.01;

        public TailLatency {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || !(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException(
                        "tail latency needs a delay >= 0 and a fraction in (0, 1]: " + delay + " " + fraction);
            }
        }
    }

    /**
     * Accept and read, never forward, never answer, on open and new connections: a peer that hangs without
     * closing. A byte stream with a hole in it cannot carry on (a real network either retransmits or times
     * the connection out), so when the mode changes again every connection that lost bytes is reset.
     */
    record Blackhole() implements ProxyMode {
    }

    /**
     * The connections open at the switch go silent for good, both ways, and are never closed: a peer that
     * vanished without a FIN or RST (a failover behind a virtual IP, a NAT or conntrack entry lost, a dead
     * host). New connections pass. Leaving the mode does not revive them; only {@link Reset} or the client
     * giving up on them ends them.
     */
    record Strand() implements ProxyMode {
    }

    /** Reset (RST, SO_LINGER 0) the open connections now and every new one as it arrives. */
    record Reset() implements ProxyMode {
    }

    /** Close (FIN) the open connections now and every new one as it arrives: a peer that hangs up politely. */
    record Close() implements ProxyMode {
    }

    /** Close (FIN) each connection once it has carried {@code bytes} bytes, both directions counted together. */
    record CloseAfter(long bytes) implements ProxyMode {
        public CloseAfter {
            if (bytes < 0) {
                throw new IllegalArgumentException("close-after needs bytes >= 0: " + bytes);
            }
        }
    }
}
