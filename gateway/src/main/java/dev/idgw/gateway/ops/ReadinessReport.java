package dev.idgw.gateway.ops;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The answer of {@code /health/ready}: every check, in a fixed order, with a fixed-text reason when it
 * fails (never an identifier, never an exception message).
 */
public record ReadinessReport(List<Check> checks) {
    /** One check; {@code problem} is null when it passes. */
    public record Check(String name, String problem) {
        public boolean passed() {
            return problem == null;
        }
    }

    public ReadinessReport {
        checks = List.copyOf(checks);
    }

    public boolean ready() {
        for (Check c : checks) {
            if (!c.passed()) {
                return false;
            }
        }
        return true;
    }

    /** {@code {"status":"UP|DOWN","checks":{"<name>":{"status":"UP"}|{"status":"DOWN","detail":"…"}}}} */
    public JsonObject toJson() {
        JsonObject byName = new JsonObject();
        for (Check c : checks) {
            JsonObject one = new JsonObject().put("status", c.passed() ? "UP" : "DOWN");
            if (!c.passed()) {
                one.put("detail", c.problem());
            }
            byName.put(c.name(), one);
        }
        return new JsonObject().put("status", ready() ? "UP" : "DOWN").put("checks", byName);
    }
}
