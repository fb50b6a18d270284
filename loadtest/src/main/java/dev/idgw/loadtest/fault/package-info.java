/**
 * Named fault scenarios for the {@code scenario} command ({@code --fault NAME}): the faults of the
 * gateway's own fault tests, injected once into the gateway's measured phase at {@code --fault-at} for
 * {@code --fault-for}. A {@link dev.idgw.testkit.fault.TcpFaultProxy} (testkit)
 * stands between the gateway and the first stub partner or Redis only when the fault needs it; process
 * faults signal the scenario's private redis-server; a burst reshapes the generator's arrival schedule.
 * {@link dev.idgw.loadtest.fault.FaultWindows} splits the one open-model run into before, during and
 * after, and {@link dev.idgw.loadtest.fault.FaultReport} decides recovery and the deadline.
 */
package dev.idgw.loadtest.fault;
