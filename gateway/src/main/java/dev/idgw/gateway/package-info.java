/**
 * The composition root and command line: {@link dev.idgw.gateway.GatewayApp} wires configuration,
 * Redis, keys, partners and the HTTP listener; {@link dev.idgw.gateway.Main} parses the command
 * ({@code serve}, {@code demo}). Folders below hold one step of the request flow each: intake,
 * consent, decision, sharelog, fanout, pod, auction (the flow itself), http (the edge).
 */
package dev.idgw.gateway;
