/**
 * One ad-pod request from intake to answer: consent lookup, a decision per partner, the share record
 * (appended and acknowledged before any identity leaves), the partner payloads, the fan-out and the
 * pod. {@link dev.idgw.gateway.auction.AdPodService} reads as that pipeline.
 */
package dev.idgw.gateway.auction;
