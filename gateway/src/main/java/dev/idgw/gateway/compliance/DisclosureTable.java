package dev.idgw.gateway.compliance;

import dev.idgw.gateway.archive.MonthlyCount;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.partners.PartnerRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table a privacy policy must publish (CCPA 1798.130(a)(5)): for each category of personal
 * information, the categories of third parties it was sold or shared with, and of service providers it
 * was disclosed to, with counts per partner and state. Holds counts only, never a subject.
 */
final class DisclosureTable {
    /** pi category → role → partner category → partner → state → count */
    private final Map<String, Map<PartnerRole, Map<String, Map<String, Map<String, Long>>>>> counts = new TreeMap<>();
    /** Only this region's disclosures are counted; null: all. */
    private final String state;

    DisclosureTable(String state) {
        this.state = state;
    }

    void add(ShareRecord record) {
        if (state != null && !state.equals(record.jurisdiction())) {
            return;
        }
        for (ShareEntry p : record.partners()) {
            for (String pi : p.piCategories()) {
                counts.computeIfAbsent(pi, k -> new TreeMap<>())
                        .computeIfAbsent(p.role(), k -> new TreeMap<>())
                        .computeIfAbsent(p.partnerCategory(), k -> new TreeMap<>())
                        .computeIfAbsent(p.partnerId(), k -> new TreeMap<>())
                        .merge(record.jurisdiction(), 1L, Long::sum);
            }
        }
    }

    /** Counts kept by a segment manifest after retention deleted the segment's entries. */
    void add(MonthlyCount c) {
        if (state != null && !state.equals(c.jurisdiction())) {
            return;
        }
        PartnerRole role = PartnerRole.fromConfigName(c.role());
        counts.computeIfAbsent(c.piCategory(), k -> new TreeMap<>())
                .computeIfAbsent(role, k -> new TreeMap<>())
                .computeIfAbsent(c.partnerCategory(), k -> new TreeMap<>())
                .computeIfAbsent(c.partnerId(), k -> new TreeMap<>())
                .merge(c.jurisdiction(), c.count(), Long::sum);
    }

    JsonObject toJson(Instant from, Instant to) {
        JsonArray categories = new JsonArray();
        counts.forEach((pi, byRole) -> categories.add(new JsonObject()
                .put("piCategory", pi)
                .put("soldOrSharedTo", recipients(byRole.get(PartnerRole.THIRD_PARTY), "thirdPartyCategory"))
                .put("disclosedTo", recipients(byRole.get(PartnerRole.SERVICE_PROVIDER), "serviceProviderCategory"))));
        return new JsonObject().put("from", from.toString()).put("to", to == null ? null : to.toString())
                .put("state", state).put("stateName", state == null ? "every state" : RegionNames.of(state))
                .put("categories", categories);
    }

    private static JsonArray recipients(Map<String, Map<String, Map<String, Long>>> byCategory, String categoryKey) {
        JsonArray out = new JsonArray();
        if (byCategory == null) {
            return out;
        }
        byCategory.forEach((category, byPartner) -> {
            JsonArray partners = new JsonArray();
            long total = 0;
            for (var e : byPartner.entrySet()) {
                long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
                total += n;
                partners.add(new JsonObject().put("partner", e.getKey()).put("count", n)
                        .put("byState", new JsonObject(new TreeMap<String, Object>(e.getValue()))));
            }
            out.add(new JsonObject().put(categoryKey, category).put("count", total).put("partners", partners));
        });
        return out;
    }
}
