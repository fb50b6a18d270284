package dev.idgw.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code thread}, {@code msg},
 * the event's key-value pairs (e.g. {@code rid}, the gateway's request id; {@code writer}), and for an
 * error its exception types and stack frames.
 *
 * <p>An exception's message is left out on purpose: third-party messages (a parser quoting its input,
 * a client naming a peer) can carry an identifier, and the gateway's own code never needs them in a
 * log to be diagnosed — types and frames say where, the metrics say how often.
 */
public final class JsonLinesLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_FRAMES = 30;

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("msg", event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    g.writeStringField(kv.key, String.valueOf(kv.value));
                }
            }
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                g.writeArrayFieldStart("error");
                for (IThrowableProxy e = error; e != null; e = e.getCause()) {
                    g.writeStartObject();
                    g.writeStringField("type", e.getClassName());
                    g.writeArrayFieldStart("at");
                    StackTraceElementProxy[] frames = e.getStackTraceElementProxyArray();
                    for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                        g.writeString(frames[i].getStackTraceElement().toString());
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }
}
