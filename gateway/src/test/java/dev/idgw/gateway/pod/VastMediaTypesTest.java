package dev.idgw.gateway.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounded scan of a bid's VAST for the media types its MediaFiles name, against an imp's mimes. */
class VastMediaTypesTest {
    private static final List<String> WEBM = VastMediaTypes.essences(List.of("video/webm"));
    private static final List<String> MP4 = VastMediaTypes.essences(List.of("video/mp4"));

    private static String vast(String... mediaFiles) {
        return "<VAST version=\"4.2\"><Ad id=\"a\"><InLine><AdSystem>x</AdSystem><Creatives><Creative><Linear>"
                + "<Duration>00:00:15</Duration><MediaFiles>" + String.join("", mediaFiles) + "</MediaFiles>"
                + "</Linear></Creative></Creatives></InLine></Ad></VAST>";
    }

    private static String file(String attributes) {
        return "<MediaFile " + attributes + "><![CDATA[http://cdn.example/ad]]></MediaFile>";
    }

    @Test
    void shouldRefuseAMarkupWhoseOnlyTypeWasNotAskedFor() {
        assertThat(VastMediaTypes.playable(vast(file("delivery=\"progressive\" type=\"video/mp4\"")), WEBM)).isFalse();
        assertThat(VastMediaTypes.playable(vast(file("delivery=\"progressive\" type=\"video/webm\"")), MP4)).isFalse();
    }

    @Test
    void shouldAcceptAMarkupWithOneTypeAskedFor() {
        String mixed = vast(file("type=\"video/mp4\" width=\"1920\""), file("type=\"video/webm\" width=\"1920\""));
        assertThat(VastMediaTypes.playable(mixed, WEBM)).isTrue();
        assertThat(VastMediaTypes.playable(mixed, MP4)).isTrue();
        assertThat(VastMediaTypes.playable(vast(file("type=\"video/webm\"")),
                VastMediaTypes.essences(List.of("video/mp4", "video/webm")))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "type=\"video/webm\"",
        "type='video/webm'",
        "delivery=\"progressive\" width=\"640\" height=\"360\" type=\"video/webm\"",
        "type = \"video/webm\" delivery='progressive'",
        "TYPE=\"Video/WebM\"",
        "type=\"video/webm; codecs=&quot;vp9&quot;\"",
        "type=\" video/webm \"",
        "\n\ttype=\"video/webm\"\n",
        "apiFramework=\"a>b\" type=\"video/webm\"",
        "type=video/webm"
    })
    void shouldReadTheTypeAttributeHoweverItIsWritten(String attributes) {
        assertThat(VastMediaTypes.playable(vast(file(attributes)), WEBM)).as(attributes).isTrue();
        assertThat(VastMediaTypes.playable(vast(file(attributes)), MP4)).as(attributes).isFalse();
    }

    @Test
    void shouldMatchTheImpsMimesWithoutRegardToCaseOrParameters() {
        String mp4 = vast(file("type=\"video/mp4\""));
        assertThat(VastMediaTypes.playable(mp4, VastMediaTypes.essences(List.of("VIDEO/MP4")))).isTrue();
        assertThat(VastMediaTypes.playable(mp4, VastMediaTypes.essences(List.of("video/mp4; codecs=avc1")))).isTrue();
        assertThat(VastMediaTypes.playable(mp4, VastMediaTypes.essences(List.of("video/mp")))).isFalse();
        assertThat(VastMediaTypes.playable(mp4, VastMediaTypes.essences(List.of("video/mp4x")))).isFalse();
    }

    @Test
    void shouldKeepAMarkupThatNamesNoType() {
        assertThat(VastMediaTypes.playable(vast(file("delivery=\"progressive\"")), WEBM)).isTrue();
        assertThat(VastMediaTypes.playable(vast(file("type=\"\"")), WEBM)).isTrue();
        assertThat(VastMediaTypes.playable("<VAST version=\"4.2\"><Ad><Wrapper><VASTAdTagURI><![CDATA["
                + "http://ads.example/vast?t=video/mp4]]></VASTAdTagURI></Wrapper></Ad></VAST>", WEBM)).isTrue();
        assertThat(VastMediaTypes.playable("not xml at all", WEBM)).isTrue();
    }

    @Test
    void shouldRefuseWhenTheNamedTypesMissEvenBesideAnUntypedFile() {
        assertThat(VastMediaTypes.playable(vast(file("delivery=\"progressive\""), file("type=\"video/mp4\"")), WEBM))
                .isFalse();
    }

    @Test
    void shouldIgnoreWhatIsNotAMediaFileStartTag() {
        String commented = vast("<!-- <MediaFile type=\"video/webm\"></MediaFile> -->", file("type=\"video/mp4\""));
        assertThat(VastMediaTypes.playable(commented, WEBM)).isFalse();
        String inCdata = "<VAST><Ad><InLine><Extensions><Extension><![CDATA[<MediaFile type=\"video/webm\">]]>"
                + "</Extension></Extensions>" + "<Creatives><Creative><Linear><MediaFiles>" + file("type=\"video/mp4\"")
                + "</MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>";
        assertThat(VastMediaTypes.playable(inCdata, WEBM)).isFalse();
        String others = vast(file("type=\"video/mp4\"")).replace("<MediaFiles>",
                "<MediaFiles type=\"video/webm\"><Mezzanine type=\"video/webm\"><![CDATA[x]]></Mezzanine>"
                + "<InteractiveCreativeFile type=\"video/webm\"/><MediaFileX type=\"video/webm\"/>");
        assertThat(VastMediaTypes.playable(others, WEBM)).isFalse();
        String lowerCase = vast(file("type=\"video/mp4\"")).replace("<MediaFile ", "<mediafile ")
                .replace("</MediaFile>", "</mediafile>");
        assertThat(VastMediaTypes.playable(lowerCase, WEBM)).as("XML names are case-sensitive").isTrue();
    }

    @Test
    void shouldSurviveTruncatedMarkup() {
        assertThat(VastMediaTypes.playable("<VAST><MediaFile type=\"video/mp4", WEBM)).isFalse();
        assertThat(VastMediaTypes.playable("<VAST><MediaFile type=", WEBM)).isTrue();
        assertThat(VastMediaTypes.playable("<VAST><!-- <MediaFile type=\"video/mp4\">", WEBM)).isTrue();
        assertThat(VastMediaTypes.playable("<VAST><![CDATA[", WEBM)).isTrue();
        assertThat(VastMediaTypes.playable("<MediaFile", WEBM)).isTrue();
        assertThat(VastMediaTypes.playable("<", WEBM)).isTrue();
    }

    @Test
    void shouldTakeAnyTypeWhenTheImpNamesNone() {
        assertThat(VastMediaTypes.playable(vast(file("type=\"video/mp4\"")), List.of())).isTrue();
    }

    @Test
    void shouldLeaveTheBidToTheAssemblerOnlyWhenPlayable() {
        PodImp webmOnly = new PodImp("1", "p", 60, 4, 5, 30, List.of(), 0, 0, List.of("video/webm"));
        Bid mp4 = new Bid("alpha", "b1", "1", 5.0, vast(file("type=\"video/mp4\"")), List.of("a.example"), "c", 15, 0,
                null);
        Bid webm = new Bid("alpha", "b2", "1", 5.0, vast(file("type=\"video/webm\"")), List.of("a.example"), "c", 15, 0,
                null);
        assertThat(PodAssembler.eligible(webmOnly, mp4)).isFalse();
        assertThat(PodAssembler.eligible(webmOnly, webm)).isTrue();
    }
}
