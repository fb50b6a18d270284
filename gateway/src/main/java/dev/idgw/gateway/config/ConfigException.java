package dev.idgw.gateway.config;

/** A configuration error that names the file and the key, so an operator can fix it without reading code. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String file, String key, String problem) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }

    /** With the line the key is on ({@code line} below 1: unknown, e.g. a key that is missing). */
    public ConfigException(String file, String key, String problem, int line) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem + (line < 1 ? "" : " (line " + line + ")"));
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
