/**
 * Bytes on their way out: bodies the gateway writes once into pooled memory and hands to Vert.x for one
 * HTTP write (partner bid requests, the player's answer). A leaf: it knows Netty and Vert.x, nothing of ours
 * but {@link dev.idgw.partners.JsonOut}, so both the fan-out and the player side can use it.
 */
package dev.idgw.gateway.wire;
