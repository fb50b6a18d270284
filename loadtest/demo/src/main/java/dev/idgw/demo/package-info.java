/**
 * The self-contained demo ({@code java -jar loadtest/demo/target/demo.jar}): finds or starts a Redis (testkit's
 * {@link dev.idgw.testkit.redis.LocalRedis}), starts testkit's stub partners, seeds devices with different
 * consent, runs the gateway in-process on port 8080 and prints curl examples. A module of its own so that
 * the gateway's jar carries neither the stub partners nor a redis-server binary.
 */
package dev.idgw.demo;
