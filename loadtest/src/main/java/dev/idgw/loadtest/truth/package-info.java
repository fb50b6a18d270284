/**
 * What the load test knows to be true, and the oracle that judges partner payloads against it. The
 * scenario seeds every device's consent through the gateway's consent API, so it knows each device's
 * record, email and hash; it builds every ad request, so it knows the request's signals. From the
 * README's decision table (written again here, never imported from the gateway, so a bug there cannot
 * hide itself) {@link dev.idgw.loadtest.truth.IdentityOracle} says which identity fields a partner may
 * receive, and {@link dev.idgw.loadtest.truth.PayloadInspector} finds every identity, raw email and
 * smuggled marker a payload actually carries, in any spelling.
 */
package dev.idgw.loadtest.truth;
