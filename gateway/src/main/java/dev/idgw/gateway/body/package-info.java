/** Strict parsing of the internal APIs' small JSON request bodies, shared by the consent and compliance APIs. */
package dev.idgw.gateway.body;
