/**
 * Consumer-request records (11 CCR §7101): every opt-out, opt-in, deletion and account-wide choice the
 * gateway carries out, by pseudonym only, kept 24 months in one Redis stream, and the §7102 yearly metrics
 * computed from them. Written by the consent API and by the Global Privacy Control follow-up; read by the
 * compliance API.
 */
package dev.idgw.gateway.requests;
