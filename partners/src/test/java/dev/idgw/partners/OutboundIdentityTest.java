package dev.idgw.partners;

import static dev.idgw.partners.ProfileBuilder.aProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OutboundIdentityTest {
    private static final Set<Field> ALL = EnumSet.allOf(Field.class);
    private static final UnaryOperator<byte[]> UNUSED_HMAC = hash -> {
        throw new AssertionError("the partner HMAC must not be called");
    };

    @Test
    void shouldWriteSha256HexAsLowercaseHexOfTheHash() {
        PlayerIdentity identity = PlayerIdentity.none().withEmailSha256(SampleViewer.sha256("user@example.com"));

        OutboundIdentity out = OutboundIdentity.shape(identity, ALL, aProfile().build(), false, UNUSED_HMAC);

        assertThat(out.hashedEmail())
                .isEqualTo("b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514")
                .matches("[0-9a-f]{64}");
    }

    @Test
    void shouldWriteSha256Base64AsUid2Does() {
        PlayerIdentity identity = PlayerIdentity.none().withEmailSha256(SampleViewer.sha256("user@example.com"));
        PartnerProfile uid2 = aProfile().withEmailFormat(EmailHashFormat.SHA256_BASE64).withEidSource("uidapi.com").build();

        OutboundIdentity out = OutboundIdentity.shape(identity, ALL, uid2, false, UNUSED_HMAC);

        assertThat(out.hashedEmail()).isEqualTo("tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=");
    }

    @Test
    void shouldKeyTheHashWithThePartnersOwnHmac() {
        List<byte[]> seen = new ArrayList<>();
        UnaryOperator<byte[]> partnerHmac = hash -> {
            seen.add(hash);
            return hmac("acme-key", hash);
        };
        PartnerProfile profile = aProfile().withEmailFormat(EmailHashFormat.HMAC_SHA256_HEX).build();

        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), ALL, profile, false, partnerHmac);

        assertThat(seen).singleElement().isEqualTo(SampleViewer.emailSha256());
        assertThat(out.hashedEmail())
                .isEqualTo(HexFormat.of().formatHex(hmac("acme-key", SampleViewer.emailSha256())))
                .isNotEqualTo(HexFormat.of().formatHex(hmac("other-key", SampleViewer.emailSha256())))
                .isNotEqualTo(SampleViewer.emailHex());
    }

    @Test
    void shouldNotCallTheHmacWhenTheEmailMayNotTravel() {
        PartnerProfile profile = aProfile().withEmailFormat(EmailHashFormat.HMAC_SHA256_HEX).build();

        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), EnumSet.of(Field.DEVICE_ID), profile,
                false, UNUSED_HMAC);

        assertThat(out.hashedEmail()).isNull();
    }

    @Property
    void shouldListExactlyTheFieldsItWrote(@ForAll Set<Field> allowed, @ForAll Set<Field> profileFields,
                                           @ForAll Set<Field> available, @ForAll boolean truncate) {
        PlayerIdentity full = SampleViewer.identity();
        PlayerIdentity identity = new PlayerIdentity(
                available.contains(Field.DEVICE_ID) ? full.deviceId() : null,
                available.contains(Field.DEVICE_ID) ? full.ifaType() : null,
                available.contains(Field.IP) ? full.ipv4() : null,
                available.contains(Field.IP) ? full.ipv6() : null,
                available.contains(Field.HASHED_EMAIL) ? full.emailSha256() : null);
        PartnerProfile profile = aProfile().withFields(profileFields)
                .withStrippedIp(truncate ? StrippedIpHandling.TRUNCATE : StrippedIpHandling.REMOVE).build();

        OutboundIdentity out = OutboundIdentity.shape(identity, allowed, profile, false, UNUSED_HMAC);

        Set<Field> expected = EnumSet.copyOf(available.isEmpty() ? EnumSet.noneOf(Field.class) : available);
        expected.retainAll(allowed);
        expected.retainAll(profileFields);
        assertThat(out.sentFields()).isEqualTo(expected);
        assertThat(out.deviceId() != null).isEqualTo(expected.contains(Field.DEVICE_ID));
        assertThat(out.ifaType() != null).isEqualTo(expected.contains(Field.DEVICE_ID));
        assertThat(out.hashedEmail() != null).isEqualTo(expected.contains(Field.HASHED_EMAIL));
        assertThat(SampleViewer.IPV4.equals(out.ipv4())).isEqualTo(expected.contains(Field.IP));
        assertThat(SampleViewer.IPV6.equals(out.ipv6())).isEqualTo(expected.contains(Field.IP));
        assertThat(out.limitTracking()).isEqualTo(expected.isEmpty());
    }

    @Test
    void shouldTruncateTheIpWhenItMayNotTravelAndTheProfileSaysTruncate() {
        PartnerProfile profile = aProfile().withStrippedIp(StrippedIpHandling.TRUNCATE).build();

        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), EnumSet.of(Field.DEVICE_ID), profile,
                false, UNUSED_HMAC);

        assertThat(out.ipv4()).isEqualTo("203.0.113.0");
        assertThat(out.ipv6()).isEqualTo("2001:db8:85a3::");
        assertThat(out.sentFields()).containsExactly(Field.DEVICE_ID);
    }

    @Test
    void shouldRemoveTheIpWhenItMayNotTravelAndTheProfileSaysRemove() {
        PartnerProfile profile = aProfile().withStrippedIp(StrippedIpHandling.REMOVE).build();

        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), EnumSet.of(Field.DEVICE_ID), profile,
                false, UNUSED_HMAC);

        assertThat(out.ipv4()).isNull();
        assertThat(out.ipv6()).isNull();
    }

    @Test
    void shouldStripTheIpWhenTheDecisionAllowsItButTheProfileDoesNot() {
        PartnerProfile profile = aProfile().withFields(Field.DEVICE_ID).withStrippedIp(StrippedIpHandling.TRUNCATE).build();

        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), ALL, profile, false, UNUSED_HMAC);

        assertThat(out.ipv4()).isEqualTo("203.0.113.0");
        assertThat(out.sentFields()).containsExactly(Field.DEVICE_ID);
    }

    @Test
    void shouldSendTheFullIpInCanonicalTextWhenAllowedWhateverTheStrippedHandling() {
        PlayerIdentity identity = new PlayerIdentity(null, null, SampleViewer.ipv4(),
                IpAddresses.parseV6("2001:0DB8:85A3:0000:0000:8A2E:0370:7334").orElseThrow(), null);
        PartnerProfile profile = aProfile().withStrippedIp(StrippedIpHandling.TRUNCATE).build();

        OutboundIdentity out = OutboundIdentity.shape(identity, EnumSet.of(Field.IP), profile, false, UNUSED_HMAC);

        assertThat(out.ipv4()).isEqualTo(SampleViewer.IPV4);
        assertThat(out.ipv6()).isEqualTo(SampleViewer.IPV6);
        assertThat(out.sentFields()).containsExactly(Field.IP);
        assertThat(out.limitTracking()).isFalse();
    }

    @Test
    void shouldLimitTrackingWhenOnlyTruncatedAddressesAreLeft() {
        PartnerProfile profile = aProfile().withStrippedIp(StrippedIpHandling.TRUNCATE).build();

        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), Set.of(), profile, false, UNUSED_HMAC);

        assertThat(out.sentFields()).isEmpty();
        assertThat(out.limitTracking()).isTrue();
    }

    @Test
    void shouldKeepThePlayersLimitTrackingEvenWhenIdentityIsSent() {
        OutboundIdentity out = OutboundIdentity.shape(SampleViewer.identity(), ALL, aProfile().build(), true, UNUSED_HMAC);

        assertThat(out.sentFields()).isEqualTo(ALL);
        assertThat(out.limitTracking()).isTrue();
    }

    @Test
    void shouldNeverPrintIdentityValues() {
        PartnerProfile b64 = aProfile().withEmailFormat(EmailHashFormat.SHA256_BASE64).build();
        OutboundIdentity hex = OutboundIdentity.shape(SampleViewer.identity(), ALL, aProfile().build(), false, UNUSED_HMAC);
        OutboundIdentity base64 = OutboundIdentity.shape(SampleViewer.identity(), ALL, b64, false, UNUSED_HMAC);

        for (String text : List.of(hex.toString(), base64.toString(), SampleViewer.identity().toString())) {
            String lower = text.toLowerCase(Locale.ROOT);
            assertThat(lower).doesNotContain(SampleViewer.DEVICE_ID).doesNotContain(SampleViewer.DEVICE_ID.replace("-", ""))
                    .doesNotContain(SampleViewer.IPV4).doesNotContain("203.0.113").doesNotContain("2001:db8")
                    .doesNotContain(SampleViewer.emailHex());
            assertThat(text).doesNotContain(SampleViewer.emailBase64());
        }
        assertThat(hex.toString()).startsWith("OutboundIdentity[sent=");
    }

    @Test
    void shouldRefuseAnEmailHashThatIsNotSha256() {
        assertThatThrownBy(() -> PlayerIdentity.none().withEmailSha256(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNotLetCallersChangeTheStoredEmailHash() {
        byte[] hash = SampleViewer.emailSha256();
        PlayerIdentity identity = PlayerIdentity.none().withEmailSha256(hash);

        hash[0] ^= 1;
        identity.emailSha256()[1] ^= 1;

        assertThat(identity.emailSha256()).isEqualTo(SampleViewer.emailSha256());
    }

    private static byte[] hmac(String key, byte[] hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
