/**
 * Fault-injection tests: a gateway started the operator's way, a private Redis with the shipped durable
 * config, stub partners, and a {@link dev.idgw.testkit.fault.TcpFaultProxy} in front of Redis or a partner
 * (or signals to the Redis process), under an open-model player load. Each {@link FaultScenario} is held
 * to the same contract: no identity leak, no lost share record, every player answered within the
 * deadline, and recovery without a restart.
 */
package dev.idgw.gateway.faults;
