package dev.idgw.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The Redis hash of one device's consent is read strictly: anything off is Malformed, which strips. */
class ConsentRecordCodecTest {
    private static final String EMAIL_HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static Map<String, String> validFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ConsentKeys.AD_CONSENT, "1");
        fields.put(ConsentKeys.JURISDICTION, "US-CA");
        fields.put(ConsentKeys.AGE_BAND, "adult");
        fields.put(ConsentKeys.EMAIL_SHA256, EMAIL_HEX);
        fields.put(ConsentKeys.VERSION, "7");
        fields.put(ConsentKeys.UPDATED_AT, "1767225600000");
        return fields;
    }

    @Test
    void shouldDecodeAValidRecord() {
        ConsentLookup lookup = ConsentRecordCodec.decode(validFields());

        assertThat(lookup).isInstanceOfSatisfying(ConsentLookup.Found.class, found -> {
            ConsentRecord r = found.record();
            assertThat(r.adConsent()).isTrue();
            assertThat(r.jurisdiction()).isEqualTo("US-CA");
            assertThat(r.ageBand()).isEqualTo(AgeBand.ADULT);
            assertThat(r.emailSha256()).isEqualTo(HexFormat.of().parseHex(EMAIL_HEX));
            assertThat(r.version()).isEqualTo(7);
            assertThat(r.updatedAt()).isEqualTo(Instant.ofEpochMilli(1767225600000L));
        });
    }

    @Test
    void shouldTreatEmptyOrNullHashAsMissing() {
        assertThat(ConsentRecordCodec.decode(Map.of())).isInstanceOf(ConsentLookup.Missing.class);
        assertThat(ConsentRecordCodec.decode(null)).isInstanceOf(ConsentLookup.Missing.class);
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource(nullValues = "NULL", value = {
            "ad, NULL", "ad, yes", "ad, TRUE", "ad, 2", "ad, ''", "ad, ' 1'",
            "jur, NULL", "jur, us-ca", "jur, USA", "jur, US-", "jur, US-CALI", "jur, ''", "jur, 'US-CA '",
            "age, teen", "age, Adult", "age, ''",
            "em, 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "em, f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "em, 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a080",
            "em, n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=", "em, user@example.com",
            "v, -1", "v, abc", "v, 1.5", "v, ''", "v, 9223372036854775808",
            "ts, -5", "ts, 1e3", "ts, soon", "ts, ''"})
    void shouldRejectMalformedField(String key, String value) {
        Map<String, String> fields = new HashMap<>(validFields());
        if (value == null) {
            fields.remove(key);
        } else {
            fields.put(key, value);
        }

        assertThat(ConsentRecordCodec.decode(fields)).isInstanceOf(ConsentLookup.Malformed.class);
    }

    /** The schema (see {@link ConsentKeys}): absent age is unknown, absent version and time are 0. */
    @Test
    void shouldDefaultAbsentAgeVersionAndTime() {
        Map<String, String> fields = new HashMap<>(validFields());
        fields.remove(ConsentKeys.AGE_BAND);
        fields.remove(ConsentKeys.VERSION);
        fields.remove(ConsentKeys.UPDATED_AT);

        assertThat(ConsentRecordCodec.decode(fields)).isInstanceOfSatisfying(ConsentLookup.Found.class, found -> {
            assertThat(found.record().ageBand()).isEqualTo(AgeBand.UNKNOWN);
            assertThat(found.record().version()).isZero();
            assertThat(found.record().updatedAt()).isEqualTo(Instant.EPOCH);
        });
    }

    @ParameterizedTest
    @CsvSource({"1, true", "true, true", "0, false", "false, false"})
    void shouldReadAdConsentAsNumberOrWord(String ad, boolean granted) {
        Map<String, String> fields = new HashMap<>(validFields());
        fields.put(ConsentKeys.AD_CONSENT, ad);

        assertThat(ConsentRecordCodec.decode(fields)).isInstanceOfSatisfying(ConsentLookup.Found.class,
                found -> assertThat(found.record().adConsent()).isEqualTo(granted));
    }

    @Test
    void shouldNeverPutTheValueInTheMalformedReason() {
        Map<String, String> fields = new HashMap<>(validFields());
        fields.put(ConsentKeys.EMAIL_SHA256, "user@example.com");

        assertThat(ConsentRecordCodec.decode(fields)).isInstanceOfSatisfying(ConsentLookup.Malformed.class,
                m -> assertThat(m.why()).doesNotContain("user@example.com"));
    }

    @Test
    void shouldAcceptAbsentOrEmptyEmail() {
        Map<String, String> noEmail = new HashMap<>(validFields());
        noEmail.remove(ConsentKeys.EMAIL_SHA256);
        Map<String, String> emptyEmail = new HashMap<>(validFields());
        emptyEmail.put(ConsentKeys.EMAIL_SHA256, "");

        for (Map<String, String> fields : java.util.List.of(noEmail, emptyEmail)) {
            assertThat(ConsentRecordCodec.decode(fields)).isInstanceOfSatisfying(ConsentLookup.Found.class,
                    found -> assertThat(found.record().emailSha256()).isNull());
        }
    }

    @Test
    void shouldDecodeDeniedConsentAndRegionWithoutSubdivision() {
        Map<String, String> fields = new HashMap<>(validFields());
        fields.put(ConsentKeys.AD_CONSENT, "0");
        fields.put(ConsentKeys.JURISDICTION, "GB");

        assertThat(ConsentRecordCodec.decode(fields)).isInstanceOfSatisfying(ConsentLookup.Found.class, found -> {
            assertThat(found.record().adConsent()).isFalse();
            assertThat(found.record().jurisdiction()).isEqualTo("GB");
        });
    }

    @ParameterizedTest
    @EnumSource(AgeBand.class)
    void shouldRoundTripEveryAgeBand(AgeBand age) {
        ConsentRecord record = new ConsentRecord(false, "US-MD", age, null, 0, Instant.EPOCH);

        assertRoundTrip(record);
    }

    @Test
    void shouldRoundTripWithEmailAndLargeNumbers() {
        ConsentRecord record = new ConsentRecord(true, "US-CA", AgeBand.ADULT, HexFormat.of().parseHex(EMAIL_HEX),
                Long.MAX_VALUE, Instant.ofEpochMilli(1767225600123L));

        Map<String, String> fields = ConsentRecordCodec.encode(record);

        assertThat(fields).containsEntry(ConsentKeys.EMAIL_SHA256, EMAIL_HEX)
                .containsEntry(ConsentKeys.AD_CONSENT, "1").containsEntry(ConsentKeys.AGE_BAND, "adult")
                .containsEntry(ConsentKeys.UPDATED_AT, "1767225600123");
        assertRoundTrip(record);
    }

    @Test
    void shouldEncodeNoEmailFieldWhenThereIsNone() {
        ConsentRecord record = new ConsentRecord(true, "GB", AgeBand.UNKNOWN, null, 1, Instant.EPOCH);

        assertThat(ConsentRecordCodec.encode(record)).doesNotContainKey(ConsentKeys.EMAIL_SHA256)
                .containsOnlyKeys("ad", "jur", "age", "v", "ts");
    }

    @Test
    void shouldNotPrintTheEmailHash() {
        ConsentRecord record = new ConsentRecord(true, "GB", AgeBand.ADULT, HexFormat.of().parseHex(EMAIL_HEX), 1,
                Instant.EPOCH);

        assertThat(record.toString()).doesNotContain(EMAIL_HEX).doesNotContain(EMAIL_HEX.substring(0, 8));
    }

    @Test
    void shouldKeyByLowercasedDeviceIdInAHashTag() {
        assertThat(new ConsentKeys("idgw").forDevice(" 6D92078A-8246 ")).isEqualTo("idgw:consent:{6d92078a-8246}");
    }

    private static void assertRoundTrip(ConsentRecord record) {
        assertThat(ConsentRecordCodec.decode(ConsentRecordCodec.encode(record)))
                .isInstanceOfSatisfying(ConsentLookup.Found.class,
                        found -> assertThat(found.record()).usingRecursiveComparison().isEqualTo(record));
    }
}
