package dev.idgw.testkit.partner;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link StubPartner.Options#onReceive()} hook that appends every request a stub receives to a JSON-lines file,
 * one line per request, flushed before the stub answers, so a person can {@code tail -f} what a partner got:
 * {@code {"time": …, "partner": …, "path": …, "headers": {…}, "body": <the request's JSON>}}. A body on one line is
 * copied in as the exact bytes received; JSON over several lines is re-encoded on one; a body that is not JSON is
 * kept as text under {@code bodyText}. Only the named headers are written (a file is not the place for
 * every header a client sends). Thread-safe: a stub serves on many threads, and lines never interleave.
 */
public final class ReceivedJsonLines implements Consumer<ReceivedRequest>, AutoCloseable {
    /** Trailing tokens fail the parse: "{} junk" must not be copied in as if it were JSON. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final String partner;
    private final List<String> headers;
    private final BufferedWriter out;

    private ReceivedJsonLines(Path file, String partner, List<String> headers, BufferedWriter out) {
        this.file = file;
        this.partner = partner;
        this.headers = headers;
        this.out = out;
    }

    /**
     * Opens {@code file} for appending (creating it and its folders).
     *
     * @param partner written on every line, so lines of several files can be merged
     * @param headers the request headers to write, by name (any case); absent ones are left out
     */
    public static ReceivedJsonLines appendingTo(Path file, String partner, List<String> headers) throws IOException {
        Objects.requireNonNull(partner, "partner");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new ReceivedJsonLines(file, partner, List.copyOf(headers), out);
    }

    public Path file() {
        return file;
    }

    /** Writes the request's line and flushes it; an I/O failure is thrown (the stub counts it, and still answers). */
    @Override
    public void accept(ReceivedRequest request) {
        String line = line(request);
        synchronized (out) {
            try {
                out.write(line);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    String line(ReceivedRequest request) {
        StringWriter json = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("time", request.receivedAt().toString());
            g.writeStringField("partner", partner);
            g.writeStringField("path", request.path());
            g.writeObjectFieldStart("headers");
            for (String name : headers) {
                var value = request.header(name);
                if (value.isPresent()) {
                    g.writeStringField(name, value.get());
                }
            }
            g.writeEndObject();
            JsonNode body = bodyAsJson(request);
            String text = request.bodyText();
            if (body != null && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
                g.writeFieldName("body");
                g.writeRawValue(text.strip()); // valid JSON on one line: as received, to the byte
            } else if (body != null) {
                g.writeFieldName("body");
                JSON.writeTree(g, body);
            } else {
                g.writeStringField("bodyText", request.bodyText());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        }
        return json.toString();
    }

    private static JsonNode bodyAsJson(ReceivedRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            return body == null || body.isMissingNode() ? null : body;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.close();
        }
    }
}
