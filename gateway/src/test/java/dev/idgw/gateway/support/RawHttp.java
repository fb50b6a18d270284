package dev.idgw.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand on a socket, for requests no well-behaved client would send (both
 * Transfer-Encoding and Content-Length, trickled bodies, oversize headers).
 */
public final class RawHttp {
    public record Response(int status, String head, String body) {
    }

    private RawHttp() {
    }

    public static Response exchange(int port, String request, int readTimeoutMillis) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), readTimeoutMillis);
    }

    public static Response exchange(int port, byte[] request, int readTimeoutMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(readTimeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one response: up to the body length it declares, or until the server closes. */
    public static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.write(chunk, 0, n);
                Response r = parse(buf.toString(StandardCharsets.ISO_8859_1));
                if (r != null) {
                    return r;
                }
            }
        } catch (SocketTimeoutException e) {
            // fall through: whatever arrived is the answer
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        Response r = parse(text);
        if (r == null && !text.contains("\r\n\r\n")) {
            return new Response(-1, text, "");
        }
        return r != null ? r : new Response(status(text), text, "");
    }

    private static Response parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String head = text.substring(0, end);
        String body = text.substring(end + 4);
        int length = contentLength(head);
        if (length >= 0 && body.length() >= length) {
            return new Response(status(head), head, body.substring(0, length));
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    private static int status(String text) {
        String[] parts = text.split(" ", 3);
        return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
    }
}
