package dev.idgw.loadtest.truth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests in flight, by correlation token: the generator registers each before sending it, the
 * stubs look payloads up (from their own event loops, hence the concurrent map), and the scenario
 * forgets a phase's requests once the phase has drained so a long run does not grow without bound.
 */
public final class TruthRegistry {
  private final ConcurrentHashMap<String, RequestTruth> byToken = new ConcurrentHashMap<>();

  public void register(RequestTruth truth) {
    byToken.put(truth.token(), truth);
  }

  /** The request, or null for a token never registered or already forgotten. */
  public RequestTruth lookup(String token) {
    return token == null ? null : byToken.get(token);
  }

  public void forgetAll() {
    byToken.clear();
  }

  public int size() {
    return byToken.size();
  }
}
