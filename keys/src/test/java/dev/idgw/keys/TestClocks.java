package dev.idgw.keys;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

final class TestClocks {
    private TestClocks() {
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }
}
