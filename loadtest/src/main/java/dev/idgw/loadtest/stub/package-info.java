/**
 * Stub advertising partners that live inside the load generator's JVM, on Vert.x (one event loop per
 * core, no thread per request), bound to 127.0.0.1 port 0. Each knows its own profile, the same one
 * the scenario writes into the gateway's partners.yaml, answers with configurable latency (fixed plus
 * a p99 tail), bids (two per imp, 15 s and 30 s, VAST 4 adm) and injected failures (500s, garbage), and
 * judges every payload that reaches its gateway path against the seeded truth into a shared
 * {@link dev.idgw.loadtest.stub.CheckLedger}. The baseline proxy uses a separate path that is served
 * the same way but not judged: it forwards the player's request unchanged, markers and all.
 */
package dev.idgw.loadtest.stub;
