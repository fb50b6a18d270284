package dev.idgw.partners;

import static dev.idgw.partners.ProfileBuilder.aProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartnerProfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "acme", "live-ramp_2", "abcdefghijklmnopqrstuvwxyz012345"})
    void shouldAcceptIdsOfLowercaseLettersDigitsDashesAndUnderscores(String id) {
        assertThat(aProfile().withId(id).build().id()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-acme", "_acme", "Acme", "ACME", "ac me", "acme.com", "acme/1", "ácme", "acme\n",
            "abcdefghijklmnopqrstuvwxyz0123456"})
    void shouldRejectABadId(String id) {
        assertThatThrownBy(() -> aProfile().withId(id).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partner id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://bids.acme.example/", "file:///etc/passwd", "mailto:bids@acme.example",
            "ws://bids.acme.example/", "//bids.acme.example/openrtb2", "/openrtb2", "urn:acme:bids"})
    void shouldRejectAnEndpointThatIsNotHttp(String endpoint) {
        assertThatThrownBy(() -> aProfile().withEndpoint(endpoint).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http:///openrtb2", "https:/openrtb2"})
    void shouldRejectAnEndpointWithoutAHost(String endpoint) {
        assertThatThrownBy(() -> aProfile().withEndpoint(endpoint).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/bid", "https://bids.acme.example/openrtb2?x=1", "http://[::1]:9/"})
    void shouldAcceptHttpAndHttpsEndpoints(String endpoint) {
        assertThat(aProfile().withEndpoint(endpoint).build().endpoint()).hasToString(endpoint);
    }

    @Test
    void shouldRejectAZeroOrNegativeTimeout() {
        assertThatThrownBy(() -> aProfile().withTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> aProfile().withTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
        assertThat(aProfile().withTimeout(Duration.ofNanos(1)).build().timeout()).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void shouldNameTheMissingValue() {
        assertThatNullPointerException().isThrownBy(() -> aProfile().withRole(null).build()).withMessage("role");
        assertThatNullPointerException().isThrownBy(() -> aProfile().withEmailFormat(null).build())
                .withMessage("emailHashFormat");
        assertThatNullPointerException().isThrownBy(() -> aProfile().withStrippedIp(null).build())
                .withMessage("strippedIp");
        assertThatNullPointerException().isThrownBy(() -> aProfile().withEidSource(null).build())
                .withMessage("emailEidSource");
        assertThatNullPointerException().isThrownBy(() -> aProfile().withTimeout(null).build()).withMessage("timeout");
    }

    @Test
    void shouldKeepItsOwnCopyOfTheIdentityFields() {
        Set<Field> fields = EnumSet.of(Field.IP);
        PartnerProfile profile = aProfile().withFields(fields).build();

        fields.add(Field.HASHED_EMAIL);

        assertThat(profile.identityFields()).containsExactly(Field.IP);
        assertThat(profile.mayReceive(Field.IP)).isTrue();
        assertThat(profile.mayReceive(Field.HASHED_EMAIL)).isFalse();
        assertThatThrownBy(() -> profile.identityFields().add(Field.DEVICE_ID))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldReceiveNothingWithNoIdentityFields() {
        PartnerProfile profile = aProfile().withFields(Set.of()).build();

        assertThat(profile.identityFields()).isEmpty();
        for (Field field : Field.values()) {
            assertThat(profile.mayReceive(field)).isFalse();
        }
    }

    @Test
    void shouldNotSignUnlessAskedAndKeepSigningThroughACopyWithAnotherTimeout() {
        PartnerProfile unsigned = aProfile().build();
        assertThat(unsigned.signRequests()).isFalse();

        PartnerProfile signed = unsigned.withSignRequests(true);
        PartnerProfile patient = signed.withTimeout(Duration.ofSeconds(2));

        assertThat(patient.signRequests()).isTrue();
        assertThat(patient.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(patient.withTimeout(signed.timeout())).isEqualTo(signed);
    }
}
