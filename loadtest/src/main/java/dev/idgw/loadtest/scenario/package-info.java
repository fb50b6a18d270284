/**
 * The one-command scenario: stub partners in this JVM, a private durable Redis (or a given one), the
 * gateway and optionally the bare baseline proxy as child processes, devices seeded through the consent
 * API, warm-up and measured phases at a fixed arrival rate (or a rising ladder to find each one's
 * maximum sustainable rate), the truth checks and the share-record coverage, and one report. Children
 * are started with their own command lines and stopped in bounded time on every path out, Ctrl-C
 * included; CPU time is read from {@code /proc/<pid>/stat} of each child. With {@code --fault NAME} one
 * named fault ({@link dev.idgw.loadtest.fault}) is injected into the gateway's measured phase and the
 * report splits it into before, during and after.
 */
package dev.idgw.loadtest.scenario;
