package dev.idgw.gateway.faults;

/**
 * The faults the suite injects, by name, so the load generator can run the same ones. Each is checked
 * for the same four things: no identity leak, no lost share record, every player answered within the
 * deadline (200/204, or 503 with Retry-After under overload), and recovery without a restart. All but
 * {@link #REDIS_KILLED} (see {@code e2e.ShareLogOutageTest}) run in this package; for
 * {@link #REDIS_STRANDED} recovery is expected before the fault is lifted (new connections work).
 */
public enum FaultScenario {
    PARTNER_HANG("a partner accepts the connection and never answers (proxy blackhole)"),
    PARTNER_RESET("a partner's connections are reset with RST, open ones and new ones (proxy reset)"),
    PARTNER_GARBAGE("a partner answers 200 with bytes that are not JSON (stub GARBAGE)"),
    PARTNER_SLOW_P99("about 1 % of a partner's requests are delayed past its timeout (proxy p99 latency)"),
    REDIS_BLACKHOLE("Redis stops answering mid-load, connections left open (proxy blackhole): a hang, not a refusal"),
    REDIS_RESET("Redis connections are reset mid-load and reconnects refused for a while (proxy reset)"),
    REDIS_STRANDED("open Redis connections go silent for good (no FIN, no RST); new ones would work (proxy strand)"),
    REDIS_SLOW("every Redis reply arrives after the command timeout (proxy latency), then on time again"),
    REDIS_PAUSED("the Redis process is frozen with SIGSTOP mid-load, then thawed with SIGCONT"),
    REDIS_KILLED("the Redis process is SIGKILLed mid-load and restarted on its AOF"),
    BURST_3X("three times the sustainable request rate for a few seconds, with a bounded in-flight cap");

    private final String description;

    FaultScenario(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
