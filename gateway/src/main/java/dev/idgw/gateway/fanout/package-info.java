/**
 * Sending each partner its bid request and turning whatever comes back into data: bids, no bid, or
 * a named failure. One deadline, taken from the request's tmax and capped by config, bounds every
 * call; no partner can fail the ad request or hold it past the deadline.
 */
package dev.idgw.gateway.fanout;
