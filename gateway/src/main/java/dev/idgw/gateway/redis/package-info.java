/**
 * Connections to Redis, configured to fail fast: Lettuce's defaults queue commands without bound
 * while disconnected and replay them after reconnect, which turns a Redis outage into a pile of
 * requests waiting 60 s. Here a disconnected link rejects at once and every command has a short
 * timeout, so callers can fail closed within an ad request's deadline. A link runs on one server or
 * on a Redis Cluster (Lettuce's cluster client, topology refreshed periodically and on change), with
 * a circuit breaker per master so that one master down does not cut off the others. In the gateway
 * the links read and write on Vert.x's event loops ({@link dev.idgw.gateway.redis.LinkThreads}): no
 * Lettuce I/O threads, and never a blocking wait for a reply on an event loop.
 */
package dev.idgw.gateway.redis;
