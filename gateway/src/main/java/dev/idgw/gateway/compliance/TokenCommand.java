package dev.idgw.gateway.compliance;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar gateway.jar token --role consent|compliance|operator [--name ops-team]}: a new bearer token
 * for the internal listener's APIs. The token is printed once and kept nowhere; what goes into gateway.yaml is its SHA-256
 * ({@link BearerTokens} compares hashes only), printed as the exact line to paste under
 * {@code compliance.tokens}, so an operator needs neither openssl nor sha256sum, nor to get the YAML right.
 */
public final class TokenCommand {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Plain names only: the name goes into a YAML flow mapping unquoted, and into audit records. */
    private static final String NAME = "[A-Za-z0-9_.-]{1,64}";

    private TokenCommand() {
    }

    /** Prints the token and its config line to {@code out}; 0, or 2 with the reason on {@code err}. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        Set<String> roles = new LinkedHashSet<>();
        String name = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (i + 1 >= args.size() || !(arg.equals("--role") || arg.equals("--name"))) {
                err.println("unknown or incomplete argument '" + arg + "'");
                err.println(USAGE);
                return 2;
            }
            String value = args.get(++i);
            if (arg.equals("--role")) {
                for (String r : value.split(",")) {
                    roles.add(r.trim());
                }
            } else {
                name = value;
            }
        }
        if (roles.isEmpty()) {
            err.println("give --role " + String.join(", --role ", ApiToken.ROLES)
                    + " (or several, comma-separated)");
            err.println(USAGE);
            return 2;
        }
        for (String r : roles) {
            if (!ApiToken.ROLES.contains(r)) {
                err.println("unknown role '" + r + "' (expected " + ApiToken.rolesInWords() + ")");
                return 2;
            }
        }
        if (name == null) {
            name = String.join("-", roles) + "-" + LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE);
        }
        if (!name.matches(NAME)) {
            err.println("--name must be 1-64 of A-Z a-z 0-9 _ . - (it is the token's name in audit records)");
            return 2;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        out.println("New bearer token '" + name + "' with the role" + (roles.size() > 1 ? "s " : " ")
                + String.join(" and ", roles) + ". It is shown only now and kept nowhere: hand it to its client.");
        out.println();
        out.println("  " + token);
        out.println();
        out.println("Add this line under compliance.tokens in gateway.yaml (replace 'tokens: []' with 'tokens:' for the");
        out.println("first token), then restart the gateway:");
        out.println();
        out.println(configLine(name, BearerTokens.sha256(token), roles));
        return 0;
    }

    /** The YAML list item, indented as under {@code compliance:} → {@code tokens:} in the shipped gateway.yaml. */
    static String configLine(String name, byte[] sha256, Set<String> roles) {
        return "    - {name: " + name + ", sha256: " + HexFormat.of().formatHex(sha256) + ", roles: ["
                + String.join(", ", new ArrayList<>(roles)) + "]}";
    }

    private static final String USAGE = "usage: java -jar gateway/target/gateway.jar token --role "
            + String.join("|", ApiToken.ROLES) + " [--name NAME]";
}
