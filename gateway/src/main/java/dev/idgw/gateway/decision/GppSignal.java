package dev.idgw.gateway.decision;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.section.EncodableSection;
import com.iab.gpp.encoder.section.HeaderV1;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a GPP string ({@code regs.gpp} + {@code regs.gpp_sid}) says about sale and sharing, decoded with
 * IAB's iabgpp-encoder, and sections 23–27 (which no Java release reads yet) with the gateway's own
 * {@link GatewayGppSections}. Mind the spec: in opt-out fields 1 means opted out; in consent fields 1 means
 * no consent. A string that does not decode, or names a section this gateway cannot read, restricts
 * (it is treated as an opt-out, never ignored).
 *
 * @param restrictions the reasons this signal strips third parties or everyone; empty when it allows
 */
public record GppSignal(boolean present, Set<Reason> restrictions) {
    /**
     * US sections: 7 usnat, 8–27 the state sections (8–22 read by iabgpp-encoder 3.2.4, 23–27 by
     * {@link GatewayGppSections}); 6 is the legacy uspv1.
     */
    private static final int USP_V1 = 6;
    private static final int USNAT = 7;
    private static final int FIRST_US = 7;
    private static final int LAST_US = 27;
    private static final int MAX_LENGTH = 4096;
    /**
     * Decoding costs ~10 % of an ad request's CPU with iabgpp-encoder, and a CMP hands the same string to
     * every request of a viewer (and of every viewer with the same choices): the result is a pure
     * function of the string and gpp_sid, so it is remembered. Bounded, so a player sending a new string
     * each time only costs what decoding costs anyway; at most ~2,048 × 4 KB held.
     */
    private static final Cache<Key, GppSignal> DECODED = Caffeine.newBuilder().maximumSize(2_048).build();

    private record Key(String gpp, List<Integer> sectionIds) {
    }

    public GppSignal {
        restrictions = restrictions.isEmpty() ? Set.of() : Set.copyOf(restrictions);
    }

    public static GppSignal absent() {
        return new GppSignal(false, Set.of());
    }

    public static GppSignal decode(String gpp, List<Integer> sectionIds) {
        if (gpp == null && sectionIds.isEmpty()) {
            return absent();
        }
        if (gpp == null || gpp.isEmpty() || gpp.length() > MAX_LENGTH) {
            return new GppSignal(true, Set.of(Reason.GPP_MALFORMED));
        }
        return DECODED.get(new Key(gpp, List.copyOf(sectionIds)), key -> decodeOnce(key.gpp(), key.sectionIds()));
    }

    private static GppSignal decodeOnce(String gpp, List<Integer> sectionIds) {
        EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);
        try {
            GppModel model = new GppModel(gpp);
            String[] encodedSections = gpp.split("~", -1);
            List<Integer> named = headerSectionIds(encodedSections[0]);
            if (encodedSections.length - 1 != named.size()) {
                // The header names one section per '~'-separated part: a string cut short or spliced.
                return new GppSignal(true, Set.of(Reason.GPP_MALFORMED));
            }
            // The sections iabgpp-encoder cannot read are decoded here, eagerly, so a malformed one throws now.
            Map<Integer, EncodableSection> decodedHere = new HashMap<>();
            for (int i = 0; i < named.size(); i++) {
                if (GatewayGppSections.decodes(named.get(i))) {
                    decodedHere.put(named.get(i), GatewayGppSections.decode(named.get(i), encodedSections[i + 1]));
                }
            }
            Set<Integer> present = new TreeSet<>(model.getSectionIds());
            present.addAll(decodedHere.keySet());
            // The library silently skips sections it cannot read; the header still names them.
            if (!present.containsAll(named)) {
                reasons.add(Reason.GPP_UNSUPPORTED_SECTION);
            }
            // gpp_sid says which sections apply; the most restrictive signal still wins, so every
            // section the string carries is read too.
            Set<Integer> applicable = new TreeSet<>(sectionIds);
            applicable.addAll(present);
            for (int id : applicable) {
                if (id != USP_V1 && (id < FIRST_US || id > LAST_US)) {
                    reasons.add(Reason.GPP_UNSUPPORTED_SECTION);
                    continue;
                }
                if (!present.contains(id)) {
                    reasons.add(Reason.GPP_MALFORMED); // gpp_sid names a section the string does not carry
                    continue;
                }
                readSection(decodedHere.containsKey(id) ? decodedHere.get(id) : model.getSection(id), reasons);
            }
        } catch (RuntimeException | LinkageError e) {
            // The library throws its own DecodingException (and sometimes worse) on bad input; the gateway's
            // own sections throw the same DecodingException.
            return new GppSignal(true, Set.of(Reason.GPP_MALFORMED));
        }
        return new GppSignal(true, reasons);
    }

    /** The header's own list: GppModel.getHeader() lists only the sections the library could read. */
    @SuppressWarnings("unchecked")
    private static List<Integer> headerSectionIds(String header) {
        Object ids = new HeaderV1(header).getFieldValue("SectionIds");
        return ids instanceof List<?> list ? (List<Integer>) list : List.of();
    }

    private static void readSection(EncodableSection section, Set<Reason> reasons) {
        if (section == null) {
            reasons.add(Reason.GPP_MALFORMED);
            return;
        }
        if (section.getId() == USP_V1) {
            Object optOut = section.hasField("OptOutSale") ? section.getFieldValue("OptOutSale") : null;
            String v = optOut == null ? "" : optOut.toString();
            if ("Y".equals(v)) {
                reasons.add(Reason.GPP_OPT_OUT);
            } else if (!"N".equals(v) && !"-".equals(v)) {
                reasons.add(Reason.GPP_MALFORMED);
            }
            return;
        }
        if (!inRange(section)) {
            // iabgpp-encoder does not check values when it decodes: a 3 (or an MspaCoveredTransaction of 0,
            // what a usnat cut short reads back as) is no encoder's output, so it is malformed, never ignored.
            reasons.add(Reason.GPP_MALFORMED);
            return;
        }
        for (String field : List.of("SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut")) {
            if (section.hasField(field) && intValue(section.getFieldValue(field)) == 1) {
                reasons.add(Reason.GPP_OPT_OUT);
            }
        }
        // Consent fields: 1 = no consent. No consent to personal data processing (usnat) or to
        // additional processing (the later state sections) is as binding as an opt-out.
        for (String field : List.of("PersonalDataConsents", "AdditionalDataProcessingConsent")) {
            if (section.hasField(field) && intValue(section.getFieldValue(field)) == 1) {
                reasons.add(Reason.GPP_OPT_OUT);
            }
        }
        if (section.hasField("Gpc") && Boolean.TRUE.equals(section.getFieldValue("Gpc"))) {
            reasons.add(Reason.GPP_OPT_OUT);
        }
        // Consent field: 0 = not applicable, 1 = no consent, 2 = (parental) consent. Any non-zero value
        // says the consumer is a known child or teen, and the policy shares nothing about known minors.
        if (section.hasField("KnownChildSensitiveDataConsents")
                && anyNonZero(section.getFieldValue("KnownChildSensitiveDataConsents"))) {
            reasons.add(Reason.GPP_KNOWN_CHILD);
        }
    }

    /** Every Int(2) field of the US sections (0 = not applicable, 1, 2), lists included. */
    private static final List<String> INT2_FIELDS = List.of("SharingNotice", "SaleOptOutNotice", "SharingOptOutNotice",
            "TargetedAdvertisingOptOutNotice", "SensitiveDataProcessingOptOutNotice", "SensitiveDataLimitUseNotice",
            "ProcessingNotice", "SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut", "SensitiveDataProcessing",
            "KnownChildSensitiveDataConsents", "PersonalDataConsents", "AdditionalDataProcessingConsent",
            "MspaOptOutOptionMode", "MspaServiceProviderMode", "MspaMode");

    private static boolean inRange(EncodableSection section) {
        // usnat has two layouts, Version 1 (12 sensitive-data, 2 known-child values) and 2 (16, 3); every
        // other US section is at its first version.
        int newestVersion = section.getId() == USNAT ? 2 : Math.max(1, section.getVersion());
        if (section.hasField("Version") && !allBetween(section.getFieldValue("Version"), 1, newestVersion)) {
            return false;
        }
        for (String field : INT2_FIELDS) {
            if (section.hasField(field) && !allBetween(section.getFieldValue(field), 0, 2)) {
                return false;
            }
        }
        // 1 = covered, 2 = not covered; the spec has no "not applicable" here.
        return !section.hasField("MspaCoveredTransaction")
                || allBetween(section.getFieldValue("MspaCoveredTransaction"), 1, 2);
    }

    private static boolean allBetween(Object value, int min, int max) {
        if (value instanceof Number n) {
            return n.intValue() >= min && n.intValue() <= max;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Number n) || n.intValue() < min || n.intValue() > max) {
                    return false;
                }
            }
            return true;
        }
        return value == null;
    }

    private static int intValue(Object value) {
        return value instanceof Number n ? n.intValue() : -1;
    }

    private static boolean anyNonZero(Object value) {
        if (value instanceof Number n) {
            return n.intValue() != 0;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Number n && n.intValue() != 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
