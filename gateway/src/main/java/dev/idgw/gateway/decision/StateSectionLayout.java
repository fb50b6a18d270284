package dev.idgw.gateway.decision;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The bit layout of one US state GPP section the gateway decodes itself (sections 23–27, which
 * iabgpp-encoder 3.2.4 cannot read), transcribed from the GPP specification's field tables
 * ("Sections/US-States", December 2025) and checked against @iabgpp/cmpapi 3.2.0 by the golden vectors
 * in src/test/resources/gpp/vectors.jsonl. A section is {@code core} or {@code core.sub}.
 *
 * @param subsection the optional sub-section after the '.', or null when the section has none
 */
record StateSectionLayout(int id, String name, List<Field> core, Subsection subsection) {
    /**
     * One field: {@code count} Int({@code bits}) values (a list when count > 1), each from {@code min} to
     * {@code max}; anything else is a malformed string. A 1-bit field is a Boolean.
     */
    record Field(String name, int bits, int count, int min, int max) {
        Field {
            Objects.requireNonNull(name, "name");
        }

        static Field version(String name) {
            return new Field(name, 6, 1, 1, 1);
        }

        /** 0 = not applicable; 1 and 2 = yes/no, opted out/did not, or NO consent/consent (see GppSignal). */
        static Field nullable(String name) {
            return new Field(name, 2, 1, 0, 2);
        }

        static Field nullableList(String name, int count) {
            return new Field(name, 2, count, 0, 2);
        }

        /** MspaCoveredTransaction: 1 = yes, 2 = no, and no "not applicable". */
        static Field nonNullable(String name) {
            return new Field(name, 2, 1, 1, 2);
        }

        static Field flag(String name) {
            return new Field(name, 1, 1, 0, 1);
        }
    }

    /**
     * The optional sub-section: the GPC one (SubsectionType Int(2) = 1, Gpc) or, in the October 2025
     * layout of usin, usky and usri, the sensitive-data consents (no type field).
     *
     * @param includedField the field the IAB libraries set to say whether the sub-section was sent
     */
    record Subsection(String includedField, List<Field> fields) {
        static final Subsection GPC = new Subsection("GpcSegmentIncluded",
                List.of(new Field("GpcSegmentType", 2, 1, 1, 1), Field.flag("Gpc")));
        static final Subsection SENSITIVE_DATA = new Subsection("SensitiveDataConsentSegmentIncluded",
                List.of(Field.nullableList("SensitiveDataProcessing", 8)));

        Subsection {
            Objects.requireNonNull(includedField, "includedField");
            fields = List.copyOf(fields);
        }
    }

    StateSectionLayout {
        Objects.requireNonNull(name, "name");
        core = List.copyOf(core);
    }

    /** Minnesota (MCDPA): the usnat-style layout, Version first, sensitive data in the core. */
    static final StateSectionLayout US_MN = new StateSectionLayout(23, "usmn", List.of(
            Field.version("Version"),
            Field.nullable("ProcessingNotice"),
            Field.nullable("SaleOptOutNotice"),
            Field.nullable("TargetedAdvertisingOptOutNotice"),
            Field.nullable("SaleOptOut"),
            Field.nullable("TargetedAdvertisingOptOut"),
            Field.nullableList("SensitiveDataProcessing", 8),
            Field.nullable("KnownChildSensitiveDataConsents"),
            Field.nullable("AdditionalDataProcessingConsent"),
            Field.nonNullable("MspaCoveredTransaction"),
            Field.nullable("MspaOptOutOptionMode"),
            Field.nullable("MspaServiceProviderMode")), Subsection.GPC);

    /** Maryland (MODPA): the October 2025 layout, MSPA fields first; no known-child field (MODPA bars selling minors' data outright). */
    static final StateSectionLayout US_MD = mspaFirst(24, "usmd", false, Subsection.GPC);
    /** Indiana (ICDPA). */
    static final StateSectionLayout US_IN = mspaFirst(25, "usin", true, Subsection.SENSITIVE_DATA);
    /** Kentucky (KCDPA). */
    static final StateSectionLayout US_KY = mspaFirst(26, "usky", true, Subsection.SENSITIVE_DATA);
    /** Rhode Island (RIDTPPA). */
    static final StateSectionLayout US_RI = mspaFirst(27, "usri", true, Subsection.SENSITIVE_DATA);

    private static StateSectionLayout mspaFirst(int id, String name, boolean knownChild, Subsection subsection) {
        List<Field> head = List.of(
                Field.version("MspaVersion"),
                Field.nonNullable("MspaCoveredTransaction"),
                Field.nullable("MspaMode"),
                Field.nullable("ProcessingNotice"),
                Field.nullable("SaleOptOutNotice"),
                Field.nullable("TargetedAdvertisingOptOutNotice"),
                Field.nullable("SaleOptOut"),
                Field.nullable("TargetedAdvertisingOptOut"));
        List<Field> tail = knownChild
                ? List.of(Field.nullable("KnownChildSensitiveDataConsents"), Field.nullable("AdditionalDataProcessingConsent"))
                : List.of(Field.nullable("AdditionalDataProcessingConsent"));
        return new StateSectionLayout(id, name, Stream.concat(head.stream(), tail.stream()).toList(), subsection);
    }
}
