package dev.idgw.demo;

import dev.idgw.testkit.partner.ReceivedJsonLines;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's stub partners' JSON-lines files, {@code <dir>/partners/<partner-id>.jsonl}: one line per request a
 * partner received (its time, the headers that say what it is, the body as sent). Recording starts once the gateway
 * is ready; before that a stub only sees the gateway's own warm-up of its connections ({@code "test":1}, no
 * identity), which nobody asked for.
 */
final class PartnerRecording implements AutoCloseable {
    static final String FOLDER = "partners";
    /** What the gateway sends besides the body; nothing in them identifies anyone. */
    private static final List<String> HEADERS = List.of("Content-Type", "User-Agent", "x-openrtb-version");

    private final Path folder;
    private final Map<String, ReceivedJsonLines> files = new ConcurrentHashMap<>();

    PartnerRecording(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    Path fileOf(String partnerId) {
        return folder.resolve(partnerId + ".jsonl");
    }

    /** Opens (appending) each partner's file: from now on every request is written. */
    void start(List<String> partnerIds) throws IOException {
        for (String id : partnerIds) {
            files.put(id, ReceivedJsonLines.appendingTo(fileOf(id), id, HEADERS));
        }
    }

    /** A stub's hook: the line is written and flushed before the stub answers. */
    void record(String partnerId, ReceivedRequest request) {
        ReceivedJsonLines file = files.get(partnerId);
        if (file != null) {
            file.accept(request);
        }
    }

    @Override
    public void close() throws IOException {
        for (ReceivedJsonLines file : files.values()) {
            file.close();
        }
        files.clear();
    }
}
