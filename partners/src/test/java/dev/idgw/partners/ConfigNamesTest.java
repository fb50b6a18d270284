package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names operators write in partners.yaml and compliance reads in share records. */
class ConfigNamesTest {

    @Test
    void shouldUseTheDocumentedConfigNames() {
        assertThat(Field.HASHED_EMAIL.configName()).isEqualTo("hashed_email");
        assertThat(Field.DEVICE_ID.configName()).isEqualTo("device_id");
        assertThat(Field.IP.configName()).isEqualTo("ip");
        assertThat(PartnerRole.THIRD_PARTY.configName()).isEqualTo("third_party");
        assertThat(PartnerRole.SERVICE_PROVIDER.configName()).isEqualTo("service_provider");
        assertThat(EmailHashFormat.SHA256_HEX.configName()).isEqualTo("sha256_hex");
        assertThat(EmailHashFormat.SHA256_BASE64.configName()).isEqualTo("sha256_base64");
        assertThat(EmailHashFormat.HMAC_SHA256_HEX.configName()).isEqualTo("hmac_sha256_hex");
        assertThat(StrippedIpHandling.REMOVE.configName()).isEqualTo("remove");
        assertThat(StrippedIpHandling.TRUNCATE.configName()).isEqualTo("truncate");
    }

    @ParameterizedTest
    @EnumSource(Field.class)
    void shouldRoundTripFieldNames(Field field) {
        assertThat(Field.fromConfigName(field.configName())).isEqualTo(field);
    }

    @ParameterizedTest
    @EnumSource(PartnerRole.class)
    void shouldRoundTripRoleNames(PartnerRole role) {
        assertThat(PartnerRole.fromConfigName(role.configName())).isEqualTo(role);
    }

    @ParameterizedTest
    @EnumSource(EmailHashFormat.class)
    void shouldRoundTripEmailFormatNames(EmailHashFormat format) {
        assertThat(EmailHashFormat.fromConfigName(format.configName())).isEqualTo(format);
    }

    @ParameterizedTest
    @EnumSource(StrippedIpHandling.class)
    void shouldRoundTripStrippedIpNames(StrippedIpHandling handling) {
        assertThat(StrippedIpHandling.fromConfigName(handling.configName())).isEqualTo(handling);
    }

    @Test
    void shouldReadFieldNamesWhateverTheirCase() {
        assertThat(Field.fromConfigName("IP")).isEqualTo(Field.IP);
        assertThat(Field.fromConfigName("Device_ID")).isEqualTo(Field.DEVICE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "email", "raw_email", "hashed-email", "device-id", "ifa", "ipv6", " ip", "ip "})
    void shouldRejectAnUnknownField(String name) {
        assertThatThrownBy(() -> Field.fromConfigName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "third-party", "thirdparty", "service provider", "first_party", "sale"})
    void shouldRejectAnUnknownRole(String name) {
        assertThatThrownBy(() -> PartnerRole.fromConfigName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "hex", "base64", "sha256-hex", "md5", "hmac_sha256_base64", "plain"})
    void shouldRejectAnUnknownEmailFormat(String name) {
        assertThatThrownBy(() -> EmailHashFormat.fromConfigName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "strip", "keep", "truncate24", "drop", "none"})
    void shouldRejectAnUnknownStrippedIpHandling(String name) {
        assertThatThrownBy(() -> StrippedIpHandling.fromConfigName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }
}
