/**
 * The sale/share record: one entry per ad request that let identity travel, appended to a Redis
 * Stream and acknowledged before any partner request leaves. Entries hold a keyed pseudonym of the
 * subject, never the device ID, IP or email. Encoded canonically (fixed field order, sorted sets) so a
 * hash chain and signatures can be laid over them.
 */
package dev.idgw.gateway.sharelog;
