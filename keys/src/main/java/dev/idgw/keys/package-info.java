/**
 * Key material for the gateway, kept apart from the service so it can be audited alone: HMAC keys
 * with ids (subject pseudonyms, per-partner email hashes) stored as PEM files in a key directory
 * given by configuration. No Vert.x and no network here; the gateway reads keys once at start and
 * holds immutable snapshots.
 */
package dev.idgw.keys;
