/**
 * The compliance console: plain HTML, CSS and JavaScript shipped in the jar and served on the internal listener,
 * calling the same compliance API a script would, with the bearer token the person enters once.
 */
package dev.idgw.gateway.console;
