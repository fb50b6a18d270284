package dev.idgw.gateway.failure;

/**
 * A failure that carries its HTTP status and a problem description safe to show the caller (never an
 * identifier, never a stack trace). Made only through the named factories.
 */
public final class GatewayException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;

    private GatewayException(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static GatewayException badRequest(String detail) {
        return new GatewayException(400, "bad-request", "Bad request", detail);
    }

    public static GatewayException payloadTooLarge(long limitBytes) {
        return new GatewayException(413, "payload-too-large", "Payload too large",
                "request body exceeds " + limitBytes + " bytes");
    }

    public static GatewayException unsupportedMediaType(String detail) {
        return new GatewayException(415, "unsupported-media-type", "Unsupported media type", detail);
    }

    public static GatewayException notFound(String detail) {
        return new GatewayException(404, "not-found", "Not found", detail);
    }

    public static GatewayException methodNotAllowed(String detail) {
        return new GatewayException(405, "method-not-allowed", "Method not allowed", detail);
    }

    public static GatewayException notAcceptable(String detail) {
        return new GatewayException(406, "not-acceptable", "Not acceptable", detail);
    }

    public static GatewayException requestTimeout(String detail) {
        return new GatewayException(408, "request-timeout", "Request timeout", detail);
    }

    public static GatewayException unauthorized() {
        return new GatewayException(401, "unauthorized", "Unauthorized", "a valid bearer token is required");
    }

    public static GatewayException forbidden(String detail) {
        return new GatewayException(403, "forbidden", "Forbidden", detail);
    }

    public static GatewayException conflict(String detail) {
        return new GatewayException(409, "conflict", "Conflict", detail);
    }

    public static GatewayException unavailable() {
        return new GatewayException(503, "unavailable", "Service unavailable",
                "the consent store cannot be reached; retry later");
    }

    public static GatewayException overloaded() {
        return new GatewayException(503, "overloaded", "Service unavailable",
                "the gateway is at capacity; retry after the Retry-After delay");
    }

    public static GatewayException headersTooLarge() {
        return new GatewayException(431, "headers-too-large", "Request header fields too large",
                "request headers exceed the configured limit");
    }

    public static GatewayException uriTooLong() {
        return new GatewayException(414, "uri-too-long", "URI too long", "request line exceeds the configured limit");
    }

    public static GatewayException internal() {
        return new GatewayException(500, "internal", "Internal error", "the gateway failed; the request was not shared");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }
}
