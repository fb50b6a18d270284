/**
 * JMH benchmarks of the gateway's in-process hot path (player request to partner payloads, bid
 * responses to the pod), with a fixture that is the module's only caller of production code, so a
 * change of the hot-path APIs is followed in one class. A command of its own, never part of the tests.
 */
package dev.idgw.bench;
