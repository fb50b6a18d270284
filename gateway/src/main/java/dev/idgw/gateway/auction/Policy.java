package dev.idgw.gateway.auction;

import dev.idgw.gateway.decision.JurisdictionRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

/**
 * What decides who gets what, swapped as one piece on a reload so no request ever sees new partners
 * with old rules: the partner directory, the jurisdiction rules, and a version naming the pair.
 *
 * @param version {@code sha256:} and the first 12 hex digits of a hash over the parsed partner profiles
 *     and rules (so a comment-only edit does not change it); written into every share record as
 *     {@code cfg}, so an auditor can tell which configuration a disclosure was decided under
 */
public record Policy(PartnerDirectory partners, JurisdictionRules rules, String version) {
    public Policy {
        Objects.requireNonNull(partners, "partners");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(version, "version");
    }

    public static Policy of(PartnerDirectory partners, JurisdictionRules rules) {
        return new Policy(partners, rules, versionOf(partners, rules));
    }

    static String versionOf(PartnerDirectory partners, JurisdictionRules rules) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(canonical(partners.partners()).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(canonical(rules).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A rendering that is the same for the same content in every JVM: {@code Set.copyOf} and
     * {@code Map.copyOf} iterate in a per-run random order, so sets and maps are sorted here.
     */
    static String canonical(Object value) {
        if (value instanceof Record record) {
            StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('{');
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                try {
                    out.append(c.getName()).append('=').append(canonical(c.getAccessor().invoke(record))).append(';');
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out.append('}').toString();
        }
        if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(canonical(k) + "=" + canonical(v)));
            Collections.sort(entries);
            return entries.toString();
        }
        if (value instanceof Set<?> set) {
            List<String> items = new ArrayList<>();
            set.forEach(v -> items.add(canonical(v)));
            Collections.sort(items);
            return items.toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(v -> items.add(canonical(v)));
            return items.toString();
        }
        return String.valueOf(value);
    }
}
