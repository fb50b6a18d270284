/**
 * The privacy decision: a pure function of (consent lookup, request signals, jurisdiction rule,
 * partner profile) to the identity fields a partner may receive and the reasons why. Every signal
 * that restricts is collected; any one of them strips (the most restrictive wins). No I/O here, so
 * every rule is testable as a table.
 */
package dev.idgw.gateway.decision;
