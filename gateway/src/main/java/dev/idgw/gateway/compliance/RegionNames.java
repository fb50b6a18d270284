package dev.idgw.gateway.compliance;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Region codes as people read them: US-CA → California, GB → United Kingdom. Unknown codes stay as they are. */
final class RegionNames {
    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        String[] us = {"AL", "Alabama", "AK", "Alaska", "AZ", "Arizona", "AR", "Arkansas", "CA", "California",
                "CO", "Colorado", "CT", "Connecticut", "DE", "Delaware", "DC", "District of Columbia", "FL", "Florida",
                "GA", "Georgia", "HI", "Hawaii", "ID", "Idaho", "IL", "Illinois", "IN", "Indiana", "IA", "Iowa",
                "KS", "Kansas", "KY", "Kentucky", "LA", "Louisiana", "ME", "Maine", "MD", "Maryland",
                "MA", "Massachusetts", "MI", "Michigan", "MN", "Minnesota", "MS", "Mississippi", "MO", "Missouri",
                "MT", "Montana", "NE", "Nebraska", "NV", "Nevada", "NH", "New Hampshire", "NJ", "New Jersey",
                "NM", "New Mexico", "NY", "New York", "NC", "North Carolina", "ND", "North Dakota", "OH", "Ohio",
                "OK", "Oklahoma", "OR", "Oregon", "PA", "Pennsylvania", "RI", "Rhode Island", "SC", "South Carolina",
                "SD", "South Dakota", "TN", "Tennessee", "TX", "Texas", "UT", "Utah", "VT", "Vermont",
                "VA", "Virginia", "WA", "Washington", "WV", "West Virginia", "WI", "Wisconsin", "WY", "Wyoming",
                "PR", "Puerto Rico"};
        for (int i = 0; i < us.length; i += 2) {
            NAMES.put("US-" + us[i], us[i + 1]);
        }
        NAMES.put("US", "United States");
        NAMES.put("default", "everywhere no rule names");
    }

    private RegionNames() {
    }

    static String of(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String known = NAMES.get(code);
        if (known != null) {
            return known;
        }
        if (code.length() == 2) {
            String country = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
            if (!country.isEmpty() && !country.equals(code)) {
                return country;
            }
        }
        return code;
    }
}
