package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextualTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LeakGuard GUARD = LeakGuard.forIdentity(SampleViewer.identity(), List.of());

    @Test
    void shouldReplacePlayerImpAndPodIdsWithItsOwn() throws JsonProcessingException {
        ContextualTemplate template = ContextualTemplate.from(request("""
                {"imp":[{"id":"slot-a","video":{"podid":"user-42-pod"}},{"id":"slot-b","video":{"podid":"user-42-pod"}},
                        {"id":"slot-c","video":{"podid":"other"}}]}"""), GUARD);

        JsonNode payload = JSON.readTree(template.contextualJson());

        assertThat(payload.findValuesAsText("id")).containsExactly("1", "2", "3");
        assertThat(payload.findValuesAsText("podid")).containsExactly("pod-1", "pod-1", "pod-2");
        assertThat(template.playerImpId("2")).isEqualTo("slot-b");
        assertThat(template.playerImpId("0")).isNull();
        assertThat(template.playerImpId("4")).isNull();
        assertThat(template.playerImpId("slot-a")).isNull();
    }

    @Test
    void shouldStayContextualAfterAPayloadWithIdentityWasWrittenFromIt() throws JsonProcessingException {
        ContextualTemplate template = ContextualTemplate.from(
                request("{\"imp\":[{\"id\":\"a\",\"video\":{}}],\"device\":{\"ua\":\"tv\"}}"), GUARD);
        PartnerProfile profile = ProfileBuilder.aProfile().build();
        OutboundIdentity identity = OutboundIdentity.shape(SampleViewer.identity(), profile.identityFields(), profile,
                false, hash -> hash);

        JsonNode payload = JSON.readTree(new String(PartnerPayloadBuilder.build(template, profile, identity, "r", 100, false, false), java.nio.charset.StandardCharsets.UTF_8));

        assertThat(payload.at("/device/ifa").asText()).isEqualTo(SampleViewer.DEVICE_ID);
        assertThat(payload.at("/device/ua").asText()).isEqualTo("tv");
        assertThat(JSON.readTree(template.contextualJson()).get("device").has("ifa")).isFalse();
    }

    @Test
    void shouldKeepOnlyCountryAndRegionOfTheGeo() throws JsonProcessingException {
        JsonNode payload = JSON.readTree(ContextualTemplate.from(request("""
                {"imp":[{"id":"a","video":{}}],"device":{"geo":{"country":"USA","region":"CA","lat":37.77,
                 "lon":-122.41,"city":"San Francisco","zip":"94103","metro":"807","accuracy":5,"type":1}}}"""),
                GUARD).contextualJson());

        assertThat(payload.at("/device/geo").toString()).isEqualTo("{\"country\":\"USA\",\"region\":\"CA\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"imp\":[{\"id\":1,\"video\":{\"mimes\":\"video/mp4\",\"podid\":{},\"rqddurs\":[\"15\",1e99,99999999999]}}]}",
            "{\"imp\":[{\"id\":\"a\",\"video\":5}]}",
            "{\"imp\":[{\"id\":\"a\",\"video\":{},\"bidfloor\":\"1.5\"}],\"device\":\"tv\",\"regs\":[],\"app\":7}",
            "{\"imp\":[{\"id\":\"a\",\"video\":{},\"bidfloor\":1e400}],\"site\":{\"content\":\"x\",\"publisher\":1}}",
            "{\"imp\":[{\"id\":\"a\",\"video\":{}}],\"at\":99999999999999999999,\"bcat\":[null,1,{}],\"cur\":\"USD\"}",
            "{\"imp\":[{\"id\":\"a\",\"video\":{}}],\"device\":{\"geo\":[],\"ua\":null},\"regs\":{\"gpp\":7,\"gpp_sid\":\"2\"}}",
            "{\"imp\":[{\"id\":\"a\",\"video\":{}}],\"app\":null,\"site\":{\"content\":{\"producer\":[],\"network\":null}}}"})
    void shouldDropValuesOfTheWrongTypeWithoutFailing(String request) throws JsonProcessingException {
        JsonNode payload = JSON.readTree(ContextualTemplate.from(request(request), GUARD).contextualJson());

        assertThat(payload.get("imp")).hasSize(1);
        assertThat(payload.get("device").isObject()).isTrue();
        assertThat(payload.get("regs").isObject()).isTrue();
        assertThat(payload.toString()).doesNotContain("Infinity").doesNotContain("video/mp4");
    }

    @Test
    void shouldCopyOnlyWellFormedPrivacyStrings() throws JsonProcessingException {
        JsonNode regs = JSON.readTree(ContextualTemplate.from(request("""
                {"imp":[{"id":"a","video":{}}],"regs":{"us_privacy":"1YN<script>","gpp":"DBABMA~CPXxRfA PXxRf",
                 "gpp_sid":[7,8],"coppa":1,"ext":{"gpc":"1","tracker":"x"}}}"""), GUARD).contextualJson()).get("regs");

        assertThat(regs.toString()).isEqualTo("{\"coppa\":1,\"gpp_sid\":[7,8]}");
    }

    private static ContextualRequest request(String json) throws JsonProcessingException {
        return ContextualRequest.fromTree(JSON.readTree(json));
    }
}
