/**
 * The share log's archive: Redis keeps only a recent window; older entries are sealed into
 * compressed, append-only segment files (one chain per writer continues across them), each with an
 * Ed25519-signed manifest, in a directory given by config (local disk or mounted shared storage).
 * Only after a segment and its manifest are durably on disk is the stream trimmed, so a crash at any
 * point loses nothing and duplicates nothing. Retention deletes whole segments' data after a while but
 * keeps their manifests, whose monthly counts (no personal data) answer the disclosures for 24 months.
 */
package dev.idgw.gateway.archive;
