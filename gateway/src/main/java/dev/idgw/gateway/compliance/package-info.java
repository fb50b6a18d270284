/**
 * The compliance API: its own listener, bearer tokens stored hashed, and read-only views of the
 * share log for the questions the state laws ask (what was shared, with whom, about whom) plus chain
 * verification and the signed checkpoints auditors keep. Players and partners never reach it.
 */
package dev.idgw.gateway.compliance;
