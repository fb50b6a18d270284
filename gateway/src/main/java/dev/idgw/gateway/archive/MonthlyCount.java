package dev.idgw.gateway.archive;

/** One cell of the disclosure aggregates: how many entries shared a category with a partner in a month and state. */
public record MonthlyCount(String month, String partnerId, String role, String partnerCategory, String piCategory,
                           String jurisdiction, long count) {
}
