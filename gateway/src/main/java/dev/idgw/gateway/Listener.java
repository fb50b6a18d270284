package dev.idgw.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * A listener the gateway will open, named as an operator reads it ({@code player listener}, {@code internal
 * listener}). {@link #requireFree} binds each fixed port for a moment before anything else happens: a port
 * clash is reported at once, naming port and listener, before Redis is touched (a second {@code demo} used to
 * delete the first one's ledger on its way to failing on the port) and before the warm-up, which otherwise
 * runs for seconds and only then finds the port taken. A port taken between this test and the real bind is
 * still reported, in the same words, by {@link #couldNotListen}.
 */
public record Listener(String name, String host, int port) {

    /** Throws, naming the first listener whose fixed port cannot be bound; port 0 (any free one) is skipped. */
    public static void requireFree(List<Listener> listeners) {
        for (Listener l : listeners) {
            if (l.port() == 0) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                // As Vert.x binds (SO_REUSEADDR): a port whose last connections linger in TIME_WAIT is free to it.
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(l.host(), l.port()), 1);
            } catch (IOException e) {
                throw l.couldNotListen(e);
            }
        }
    }

    /** {@code could not listen on 127.0.0.1:8080 (player listener): address already in use}. */
    public IllegalStateException couldNotListen(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (reason.startsWith("bind(..) failed: ")) { // Netty's native transport words it so
            reason = reason.substring("bind(..) failed: ".length());
        }
        reason = reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        return new IllegalStateException("could not listen on " + host + ":" + port + " (" + name + "): " + reason,
                error);
    }
}
