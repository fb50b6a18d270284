/**
 * The HTTP edge: server limits, routes, and the one place where failures become JSON problem
 * bodies (RFC 9457). Handlers parse into records and call services that return Futures; services
 * never see a RoutingContext.
 */
package dev.idgw.gateway.http;
