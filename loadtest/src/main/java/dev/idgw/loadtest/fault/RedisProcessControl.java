package dev.idgw.loadtest.fault;

/**
 * The private redis-server a scenario started, as the process faults need it. Every call signals only
 * that process, by its own pid; all of them block, so they run on the fault driver's thread.
 */
public interface RedisProcessControl {
  /** SIGSTOP: the process stays, its sockets stay open, nothing answers. */
  void freeze() throws Exception;

  /** SIGCONT; harmless when not frozen. */
  void thaw() throws Exception;

  /** SIGKILL, and wait until it is gone. */
  void kill() throws Exception;

  /** Start it again on the same config, port and dir (so it reloads its AOF); returns once it answers PING. */
  void restart() throws Exception;
}
