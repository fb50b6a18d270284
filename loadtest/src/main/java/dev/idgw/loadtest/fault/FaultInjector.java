package dev.idgw.loadtest.fault;

import dev.idgw.loadtest.stub.PartnerProfile;
import dev.idgw.loadtest.stub.StubPartners;
import dev.idgw.testkit.fault.ProxyMode;
import dev.idgw.testkit.fault.TcpFaultProxy;
import io.vertx.core.json.JsonObject;

/**
 * Switches one named fault on and off. Both calls may block (signals, a Redis restart), so the
 * {@link FaultDriver} makes them on its own thread, never on an event loop. {@link #details} says what
 * the fault did, for the report (proxy counters; nothing that identifies a device or a person).
 */
public sealed interface FaultInjector {
  void apply() throws Exception;

  void lift() throws Exception;

  default JsonObject details() {
    return new JsonObject();
  }

  /** A proxy mode between the gateway and a stub partner or Redis. */
  record ProxyFault(TcpFaultProxy proxy, ProxyMode mode) implements FaultInjector {
    @Override
    public void apply() {
      proxy.set(mode);
    }

    @Override
    public void lift() {
      proxy.set(ProxyMode.PASS);
    }

    @Override
    public JsonObject details() {
      return proxy.countersJson();
    }
  }

  /** A stub partner answering 200 with a body that is not JSON. */
  record StubGarbage(StubPartners stubs, PartnerProfile partner) implements FaultInjector {
    @Override
    public void apply() {
      stubs.answerWithGarbage(partner, true);
    }

    @Override
    public void lift() {
      stubs.answerWithGarbage(partner, false);
    }

    @Override
    public JsonObject details() {
      return new JsonObject().put("partner", partner.id());
    }
  }

  /** SIGSTOP, then SIGCONT. */
  record RedisFreeze(RedisProcessControl redis) implements FaultInjector {
    @Override
    public void apply() throws Exception {
      redis.freeze();
    }

    @Override
    public void lift() throws Exception {
      redis.thaw();
    }
  }

  /** SIGKILL, then a restart on the same AOF. */
  record RedisKill(RedisProcessControl redis) implements FaultInjector {
    @Override
    public void apply() throws Exception {
      redis.kill();
    }

    @Override
    public void lift() throws Exception {
      redis.restart();
    }
  }

  /** Nothing to switch: the generator's {@link BurstSchedule} raises the rate for exactly the fault window. */
  record RateBurst(double multiplier) implements FaultInjector {
    @Override
    public void apply() {
    }

    @Override
    public void lift() {
    }

    @Override
    public JsonObject details() {
      return new JsonObject().put("rate_multiplier", multiplier);
    }
  }
}
