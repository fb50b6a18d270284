/**
 * Intake of a player's ad-pod request: bounded JSON parsing, shape checks that turn every bad input
 * into a 400 naming the field, and extraction of what the rest of the flow needs (pod imps, the
 * subject's identity, privacy signals) into one record.
 */
package dev.idgw.gateway.intake;
