/**
 * What operators see: {@code /health/live}, {@code /health/ready} and {@code /metrics} (Prometheus text)
 * on the player listener and the internal one, the meters the request pipeline feeds, and the
 * readiness rules. No meter tag ever comes from a request: tags are partner ids and Redis link names
 * from config, or fixed enums (outcomes, reasons, fields), so no identifier can reach a scrape. Meters
 * are created once at start, so the request path only increments what already exists.
 */
package dev.idgw.gateway.ops;
