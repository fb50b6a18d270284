package dev.idgw.gateway.compliance;

import java.util.List;

/**
 * The compliance listener: its own address (never the player port) and the tokens it accepts.
 * {@code port} 0 picks a free port (tests); {@code enabled} false starts no listener.
 */
public record ComplianceSettings(boolean enabled, String host, int port, List<ApiToken> tokens) {
    public static final boolean DEFAULT_ENABLED = true;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;

    public ComplianceSettings {
        tokens = List.copyOf(tokens);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
    }

    public static ComplianceSettings disabled() {
        return new ComplianceSettings(false, DEFAULT_HOST, 0, List.of());
    }
}
