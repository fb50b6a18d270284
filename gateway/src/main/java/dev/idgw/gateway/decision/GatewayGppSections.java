package dev.idgw.gateway.decision;

import com.iab.gpp.encoder.section.EncodableSection;
import java.util.Map;

/**
 * The GPP sections the gateway decodes itself because iabgpp-encoder 3.2.4 cannot: usmn (23, in the
 * library from 3.2.5, which the build cannot fetch yet) and usmd, usin, usky, usri (24–27, in no Java
 * release). When a release reads one of them, delete its line here: {@link GppSignal} then takes the
 * library's section, through the same {@link EncodableSection} interface and field names.
 */
final class GatewayGppSections {
    private static final Map<Integer, StateSectionLayout> LAYOUTS = Map.of(
            StateSectionLayout.US_MN.id(), StateSectionLayout.US_MN,
            StateSectionLayout.US_MD.id(), StateSectionLayout.US_MD,
            StateSectionLayout.US_IN.id(), StateSectionLayout.US_IN,
            StateSectionLayout.US_KY.id(), StateSectionLayout.US_KY,
            StateSectionLayout.US_RI.id(), StateSectionLayout.US_RI);

    private GatewayGppSections() {
    }

    static boolean decodes(int sectionId) {
        return LAYOUTS.containsKey(sectionId);
    }

    /** @throws com.iab.gpp.encoder.error.DecodingException when the string is not a well-formed section */
    static EncodableSection decode(int sectionId, String encoded) {
        StateSectionLayout layout = LAYOUTS.get(sectionId);
        if (layout == null) {
            throw new IllegalArgumentException("the gateway does not decode section " + sectionId);
        }
        return DecodedStateSection.decode(layout, encoded);
    }
}
