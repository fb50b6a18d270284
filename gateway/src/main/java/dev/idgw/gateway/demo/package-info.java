/**
 * The self-contained demo ({@code java -jar gateway.jar demo}): finds or starts a Redis, starts stub
 * partners, seeds devices with different consent, starts the gateway on port 8080 and prints curl
 * examples. {@link dev.idgw.gateway.demo.LocalRedis} is also what the tests use to run a Redis of
 * their own that they can stop and restart.
 */
package dev.idgw.gateway.demo;
