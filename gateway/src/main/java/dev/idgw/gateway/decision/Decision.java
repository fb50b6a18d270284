package dev.idgw.gateway.decision;

import dev.idgw.partners.Field;
import java.util.List;
import java.util.Set;

/** The outcome for one partner on one request. Only {@link Share} lets identity fields through. */
public sealed interface Decision {
    Set<Field> allowed();

    List<Reason> reasons();

    /**
     * @param legalBasis recorded in the share log: "consent" (opt-in regime or explicit grant),
     *     "opt_out_not_exercised" (opt-out regime), or "service_provider" (disclosure for a business purpose)
     */
    record Share(Set<Field> allowed, List<Reason> reasons, String legalBasis) implements Decision {
        public Share {
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("a share allows at least one field");
            }
            allowed = Set.copyOf(allowed);
            reasons = List.copyOf(reasons);
        }
    }

    record Strip(List<Reason> reasons) implements Decision {
        public Strip {
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a strip says why");
            }
            reasons = List.copyOf(reasons);
        }

        @Override
        public Set<Field> allowed() {
            return Set.of();
        }
    }
}
