/**
 * A stub OpenRTB 2.6 bidder on 127.0.0.1, served by the JDK's own HTTP server, not the Vert.x the gateway runs on, so a fault in one cannot hide in the other:
 * tests, the demo and the load test point the gateway at it, read back exactly which bytes and headers each partner
 * received (the evidence for "no consent, no identity" and "allowlist, not denylist"), and switch it at runtime
 * between bidding and the failures a real partner shows — slowness, no bid, errors, garbage, hangs, resets and
 * oversized answers.
 */
package dev.idgw.testkit.partner;
