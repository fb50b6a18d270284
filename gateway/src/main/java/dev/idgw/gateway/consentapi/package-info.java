/**
 * The consent API the account and consent services write through: per device and account-wide,
 * bearer-token protected (the consent role), strict about input. Emails are hashed on arrival and
 * never stored, returned or logged. Every change is on Redis at once, so the very next ad request on
 * any gateway instance decides with it.
 */
package dev.idgw.gateway.consentapi;
