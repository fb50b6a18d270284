/**
 * The one launcher of private {@code redis-server} processes: {@link dev.idgw.testkit.redis.LocalRedis}
 * (system binary, else the embedded one; a free or chosen port; the shipped durable config or throwaway
 * defaults) with the process faults the tests and the load test inject: SIGSTOP/SIGCONT, SIGKILL, a
 * restart that replays the AOF.
 */
package dev.idgw.testkit.redis;
