package dev.idgw.loadtest.fault;

import java.time.Duration;
import java.util.Objects;

/** What a {@link TcpFaultProxy} does to the bytes it carries; one mode is in force at a time. */
public sealed interface ProxyMode {
  ProxyMode PASS = new Pass();
  ProxyMode BLACKHOLE = new Blackhole();
  ProxyMode RESET = new Reset();
  ProxyMode CLOSE = new Close();
  ProxyMode STRAND = new Strand();

  /** Forward everything at once, both ways. */
  record Pass() implements ProxyMode {}

  /**
   * Hold chunks back by {@code delay}, in order. {@code fraction} 1: every chunk, both ways. Below 1: that
   * share of client-to-target chunks only, which for request/response traffic is about that share of
   * requests (a p99 tail); chunks behind a held one on the same connection wait for it, as on a real link.
   */
  record Latency(Duration delay, double fraction) implements ProxyMode {
    public Latency {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative() || !(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("latency needs a delay >= 0 and a fraction in (0, 1]: " + delay + " " + fraction);
      }
    }

    public boolean everyChunk() {
      return fraction >= 1;
    }
  }

  /**
   * Accept and read, never forward, never answer, on open and new connections: a peer that hangs without
   * closing. A byte stream with a hole in it cannot carry on, so when the mode changes again every
   * connection that lost bytes is reset.
   */
  record Blackhole() implements ProxyMode {}

  /**
   * The connections open at the switch go silent for good, both ways, and are never closed: a peer that
   * vanished without a FIN or RST (a dead host, a NAT that forgot the flow). New connections pass. Leaving
   * the mode does not revive them; only the client giving up on them (closing) ends them.
   */
  record Strand() implements ProxyMode {}

  /** Reset (RST, SO_LINGER 0) the open connections now and every new one as it arrives. */
  record Reset() implements ProxyMode {}

  /** Close (FIN) the open connections now and every new one as it arrives: a peer that hangs up politely. */
  record Close() implements ProxyMode {}
}
