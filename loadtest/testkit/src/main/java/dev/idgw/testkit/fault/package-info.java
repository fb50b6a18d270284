/**
 * The one TCP fault proxy of the project: {@link dev.idgw.testkit.fault.TcpFaultProxy} stands between a
 * client and Redis or a partner and applies a {@link dev.idgw.testkit.fault.ProxyMode} (latency, a p99
 * tail, a blackhole, stranded connections, resets, polite closes, a byte limit) switched while
 * connections are open. The gateway's fault tests and the load test's named faults both use it.
 */
package dev.idgw.testkit.fault;
