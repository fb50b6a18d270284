package dev.idgw.testkit.partner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request exactly as a {@link StubPartner} received it. The body is copied in and out, so a snapshot can be
 * shared between threads; header names are case-insensitive, as in HTTP.
 *
 * @param path       the request path, e.g. {@code /bid}
 * @param headers    every request header, names case-insensitive, values in arrival order
 * @param body       the raw body bytes
 * @param receivedAt when the body had been read, by the stub's clock
 * @param target     the request target exactly as the request line had it: raw (still percent-encoded) path
 *                   and query, e.g. {@code /bid?src=a%20b} (what a signature over {@code @path}/{@code @query} covers)
 */
public record ReceivedRequest(String path, Map<String, List<String>> headers, byte[] body, Instant receivedAt,
                              String target) {

    public ReceivedRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(caseInsensitive);
        body = body.clone();
    }

    /** A request whose target was its path alone. */
    public ReceivedRequest(String path, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        this(path, headers, body, receivedAt, path);
    }

    /** A copy of the raw body bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReceivedRequest that
                && path.equals(that.path)
                && target.equals(that.target)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, target, headers, Arrays.hashCode(body), receivedAt);
    }

    /** Deliberately leaves the body out: it may hold identifiers, and this string may reach a log. */
    @Override
    public String toString() {
        return "ReceivedRequest[path=" + path + ", bodyBytes=" + body.length + ", receivedAt=" + receivedAt + "]";
    }
}
