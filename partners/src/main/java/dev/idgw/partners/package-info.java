/**
 * Partner profiles and the building of each partner's OpenRTB 2.6 bid request, as pure functions:
 * a payload is built from scratch out of an allowlist of contextual fields plus only the identity
 * fields a decision allowed, so nothing a player sent can ride along by accident. No Vert.x, no I/O.
 */
package dev.idgw.partners;
