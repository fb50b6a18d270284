/**
 * The bare baseline: a reference fan-out proxy with the gateway's Web Client settings (keep-alive pool
 * of 64 per partner, redirects off, 100 ms connect timeout) and none of its work: no consent, no share
 * log, no payload shaping. It forwards the player's request unchanged to every partner, waits for all
 * within the request's deadline, and answers 200 with the partners' seatbids concatenated. The
 * scenario runs it as a child process ({@link dev.idgw.loadtest.baseline.BaselineProxyMain}) so its CPU
 * time is measured the same way as the gateway's.
 */
package dev.idgw.loadtest.baseline;
