/**
 * Time as the gateway reads it: {@link dev.idgw.gateway.time.Ticker} for monotonic deadlines and
 * staleness bounds, created once by the composition root and handed down, so that behaviour that
 * depends on time is tested by advancing a ticker, never by sleeping.
 */
package dev.idgw.gateway.time;
