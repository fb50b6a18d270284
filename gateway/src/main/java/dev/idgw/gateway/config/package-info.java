/**
 * The operator's files (gateway.yaml, partners.yaml, jurisdictions.yaml) read once at start into
 * validated records. Nothing deeper in the code reads YAML keys; a bad file stops startup with an
 * error naming the file and the key.
 */
package dev.idgw.gateway.config;
