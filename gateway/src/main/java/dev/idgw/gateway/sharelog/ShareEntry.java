package dev.idgw.gateway.sharelog;

import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one partner received about the subject on one request.
 *
 * @param fields identity fields actually sent (never empty: partners that got none are not listed)
 * @param piCategories the categories of personal information, as the state laws name them
 * @param legalBasis "consent", "opt_out_not_exercised" or "service_provider"
 */
public record ShareEntry(String partnerId, PartnerRole role, String partnerCategory, Set<Field> fields,
                         List<String> piCategories, String legalBasis) {
    public ShareEntry {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(legalBasis, "legalBasis");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a share entry names at least one field");
        }
        fields = Collections.unmodifiableSet(EnumSet.copyOf(fields)); // iterates in enum order, allocates little
        piCategories = List.copyOf(piCategories);
    }

    /**
     * Hashed email, device ID and IP address are all "identifiers" under CCPA 1798.140(v)(1)(A) and the
     * state laws modelled on it; kept per field so a later finer mapping changes one place.
     */
    public static List<String> piCategoriesOf(Set<Field> fields) {
        return fields.isEmpty() ? List.of() : List.of("identifiers");
    }
}
