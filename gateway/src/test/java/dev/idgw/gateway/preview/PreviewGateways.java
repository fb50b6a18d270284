package dev.idgw.gateway.preview;

import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.StrippedIpHandling;
import java.time.Duration;
import java.util.EnumSet;

/** The gateway the preview tests run: the shipped profiles' three shapes of partner, under short names. */
final class PreviewGateways {
    private PreviewGateways() {
    }

    /**
     * acme (third party, every field, truncates), bright (third party, device ID and IP, removes), measure (service
     * provider, HMAC email and IP, truncates); a 2 s Redis command timeout, since a comparison reads consent twice
     * (preview, then auction) and a busy machine must not time one of them out.
     */
    static GatewayHarness.Builder withThreePartners() {
        return GatewayHarness.builder()
                .commandTimeout(Duration.ofSeconds(2))
                .partner(PartnerSpec.thirdParty("acme", EnumSet.allOf(Field.class))
                        .withStrippedIp(StrippedIpHandling.TRUNCATE))
                .partner(PartnerSpec.thirdParty("bright", EnumSet.of(Field.DEVICE_ID, Field.IP))
                        .withEmailFormat(EmailHashFormat.SHA256_BASE64))
                .partner(PartnerSpec.serviceProvider("measure", EnumSet.of(Field.HASHED_EMAIL, Field.IP))
                        .withEmailFormat(EmailHashFormat.HMAC_SHA256_HEX).withStrippedIp(StrippedIpHandling.TRUNCATE));
    }
}
