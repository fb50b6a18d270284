/**
 * The operator's files (gateway.yaml, partners.yaml, jurisdictions.yaml) read once at start into
 * validated records, each section of gateway.yaml by a reader of its own ({@code ServerReader},
 * {@code RedisReader}, ...) that knows the section's keys, their defaults (declared once, in the
 * section's settings record) and their limits. Nothing deeper in the code reads YAML keys; a bad file
 * stops startup with an error naming the file, the key path and its line.
 */
package dev.idgw.gateway.config;
