package dev.idgw.demo;

import dev.idgw.gateway.consent.ConsentRecord;

/** A seeded demo device: its ID, what the demo says about it, and its consent record (null: none). */
record DemoDevice(String deviceId, String story, ConsentRecord record) {
}
