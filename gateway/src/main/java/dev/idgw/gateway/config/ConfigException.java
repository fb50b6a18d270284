package dev.idgw.gateway.config;

/** A configuration error that names the file and the key, so an operator can fix it without reading code. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String file, String key, String problem) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
