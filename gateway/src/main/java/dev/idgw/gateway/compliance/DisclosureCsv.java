package dev.idgw.gateway.compliance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The disclosures table as a privacy policy prints it: one row per category of personal information, the
 * categories of third parties it was sold or shared with, the categories of service providers it was disclosed
 * to for a business purpose, and the counts behind each, for the period and state asked.
 */
final class DisclosureCsv {
    static final String HEADER = "period_from,period_to,state,personal_information_category,"
            + "sold_or_shared_to_third_party_categories,sold_or_shared_count,"
            + "disclosed_for_a_business_purpose_to_service_provider_categories,disclosed_count\r\n";

    private DisclosureCsv() {
    }

    static String of(JsonObject table) {
        StringBuilder out = new StringBuilder(HEADER);
        String state = table.getString("state") == null ? "all" : table.getString("state");
        for (Object o : table.getJsonArray("categories")) {
            JsonObject row = (JsonObject) o;
            JsonArray sold = row.getJsonArray("soldOrSharedTo");
            JsonArray disclosed = row.getJsonArray("disclosedTo");
            out.append(ShareExport.csv(table.getString("from"))).append(',')
                    .append(ShareExport.csv(table.getString("to") == null ? "" : table.getString("to"))).append(',')
                    .append(ShareExport.csv(state)).append(',')
                    .append(ShareExport.csv(row.getString("piCategory"))).append(',')
                    .append(ShareExport.csv(names(sold, "thirdPartyCategory"))).append(',').append(total(sold)).append(',')
                    .append(ShareExport.csv(names(disclosed, "serviceProviderCategory"))).append(',')
                    .append(total(disclosed)).append("\r\n");
        }
        return out.toString();
    }

    private static String names(JsonArray recipients, String key) {
        StringBuilder out = new StringBuilder();
        for (Object o : recipients) {
            out.append(out.isEmpty() ? "" : "; ").append(((JsonObject) o).getString(key));
        }
        return out.toString();
    }

    private static long total(JsonArray recipients) {
        long n = 0;
        for (Object o : recipients) {
            n += ((JsonObject) o).getLong("count");
        }
        return n;
    }
}
