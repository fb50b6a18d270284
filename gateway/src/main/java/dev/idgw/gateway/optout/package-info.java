/**
 * What an opt-out preference signal does beyond the ad request that carried it: the device's first sighting,
 * the linked account turned to opt-out on every device, and the consumer-request record of each.
 */
package dev.idgw.gateway.optout;
