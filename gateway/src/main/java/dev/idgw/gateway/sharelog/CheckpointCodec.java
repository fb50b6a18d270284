package dev.idgw.gateway.sharelog;

import java.util.LinkedHashMap;
import java.util.Map;

/** Between a {@link Checkpoint} and its Redis stream fields (and the same names in JSON exports). */
public final class CheckpointCodec {
    private CheckpointCodec() {
    }

    public static Map<String, String> fields(Checkpoint c) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("w", c.writerId());
        f.put("seq", Long.toString(c.seq()));
        f.put("h", c.head());
        f.put("ts", Long.toString(c.timeMillis()));
        f.put("kid", c.keyId());
        f.put("sig", c.signature());
        return f;
    }

    public static Checkpoint fromFields(Map<String, String> f) {
        try {
            return new Checkpoint(f.get("w"), Long.parseLong(f.get("seq")), f.get("h"), Long.parseLong(f.get("ts")),
                    f.get("kid"), f.get("sig"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a checkpoint", e);
        }
    }
}
