package dev.idgw.gateway.pod;

import static dev.idgw.gateway.pod.PodFixtures.VAST_ADM;
import static dev.idgw.gateway.pod.PodFixtures.bid;
import static dev.idgw.gateway.pod.PodFixtures.imp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class VastPodWriterTest {

    private static final String NOTICE = "https://partner.example/win?bid=1&price=${AUCTION_PRICE}";

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    static List<String> adSequences(String xml) throws Exception {
        NodeList ads = parse(xml).getDocumentElement().getElementsByTagName("Ad");
        List<String> sequences = new ArrayList<>();
        for (int i = 0; i < ads.getLength(); i++) {
            sequences.add(((Element) ads.item(i)).getAttribute("sequence"));
        }
        return sequences;
    }

    private static List<Element> ads(String xml) throws Exception {
        NodeList ads = parse(xml).getDocumentElement().getElementsByTagName("Ad");
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < ads.getLength(); i++) {
            elements.add((Element) ads.item(i));
        }
        return elements;
    }

    private static PodPlacement placement(String podId, int sequence, Bid bid) {
        return new PodPlacement(podId, sequence, imp(bid.impId()).pod(podId).build(), bid);
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    @Test
    void shouldWriteTheNoAdResponseForAnEmptyPod() {
        assertThat(VastPodWriter.write(List.of()))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><VAST version=\"4.2\"/>");
    }

    @Test
    void shouldWriteOneAdPerPlacementInSequence() throws Exception {
        List<PodPlacement> placements = List.of(
                placement("p", 1, bid("b1", "1").build()), placement("p", 2, bid("b2", "2").build()),
                placement("p", 3, bid("b3", "3").build()));

        String xml = VastPodWriter.write(placements);

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Document vast = parse(xml);
        assertThat(vast.getDocumentElement().getTagName()).isEqualTo("VAST");
        assertThat(vast.getDocumentElement().getAttribute("version")).isEqualTo("4.2");
        assertThat(ads(xml)).extracting(ad -> ad.getAttribute("id"), ad -> ad.getAttribute("sequence"))
                .containsExactly(tuple("b1", "1"), tuple("b2", "2"), tuple("b3", "3"));
    }

    @Test
    void shouldImportTheInLineOfTheAdmsFirstAd() throws Exception {
        String adm = VAST_ADM.replace("</VAST>", "<Ad id=\"second\"><InLine><AdSystem>other</AdSystem></InLine></Ad></VAST>");

        String xml = VastPodWriter.write(List.of(placement("p", 1, bid("b1", "1").adm(adm).build())));

        Element ad = ads(xml).get(0);
        assertThat(ads(xml)).hasSize(1);
        assertThat(ad.getAttribute("id")).isEqualTo("b1");
        assertThat(text(ad, "AdSystem")).isEqualTo("partner");
        assertThat(text(ad, "MediaFile")).isEqualTo("https://cdn.example/a.mp4");
        assertThat(xml).contains("<![CDATA[https://partner.example/imp?p=${AUCTION_PRICE}]]>");
    }

    @Test
    void shouldImportAWrapperAdmWithANamespace() throws Exception {
        String adm = "<?xml version=\"1.0\"?><VAST xmlns=\"http://www.iab.com/VAST\" version=\"3.0\"><Ad><Wrapper>"
                + "<AdSystem>chain</AdSystem><VASTAdTagURI>https://chain.example/vast</VASTAdTagURI></Wrapper></Ad></VAST>";

        String xml = VastPodWriter.write(List.of(placement("p", 1, bid("b1", "1").adm(adm).build())));

        Element ad = ads(xml).get(0);
        assertThat(ad.getElementsByTagName("Wrapper").getLength()).isEqualTo(1);
        assertThat(text(ad, "VASTAdTagURI")).isEqualTo("https://chain.example/vast");
    }

    @Test
    void shouldNumberSeveralPodsContinuously() throws Exception {
        List<PodPlacement> placements = List.of(
                placement("x", 1, bid("a", "1").build()), placement("x", 2, bid("b", "2").build()),
                placement("y", 1, bid("c", "3").build()));

        assertThat(adSequences(VastPodWriter.write(placements))).containsExactly("1", "2", "3");
    }

    @Test
    void shouldWrapTheNoticeUrlWhenAdmIsMalformed() throws Exception {
        Bid bid = bid("b1", "1").adm("<VAST version=\"4.2\"><Ad><InLine>").notice(NOTICE).build();

        String xml = VastPodWriter.write(List.of(placement("p", 1, bid)));

        Element ad = ads(xml).get(0);
        assertThat(text(ad, "AdSystem")).isEqualTo("identity-gateway");
        assertThat(text(ad, "VASTAdTagURI")).isEqualTo(NOTICE);
        assertThat(xml).contains("&amp;price=");
    }

    @Test
    void shouldWrapTheNoticeUrlWhenAdmHasNoAd() throws Exception {
        Bid noAd = bid("b1", "1").adm("<VAST version=\"4.2\"/>").notice(NOTICE).build();
        Bid notVast = bid("b2", "2").adm("<html><Ad><InLine/></Ad></html>").notice(NOTICE).build();

        List<Element> ads = ads(VastPodWriter.write(List.of(placement("p", 1, noAd), placement("p", 2, notVast))));

        assertThat(ads).allSatisfy(ad -> assertThat(text(ad, "VASTAdTagURI")).isEqualTo(NOTICE));
    }

    @Test
    void shouldSkipAndRenumberWhenNeitherMarkupNorNoticeWorks() throws Exception {
        List<PodPlacement> placements = List.of(
                placement("p", 1, bid("good-1", "1").build()),
                placement("p", 2, bid("broken", "2").adm("not xml at all").build()),
                placement("p", 3, bid("bad-notice", "3").adm("<oops").notice("javascript:alert(1)").build()),
                placement("p", 4, bid("good-2", "4").build()));

        assertThat(ads(VastPodWriter.write(placements)))
                .extracting(ad -> ad.getAttribute("id") + "@" + ad.getAttribute("sequence"))
                .containsExactly("good-1@1", "good-2@2");
    }

    @Test
    void shouldNotExpandAnExternalEntity(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        String adm = "<?xml version=\"1.0\"?><!DOCTYPE VAST [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<VAST version=\"4.2\"><Ad><InLine><AdSystem>&xxe;</AdSystem></InLine></Ad></VAST>";

        String withoutNotice = VastPodWriter.write(List.of(placement("p", 1, bid("b1", "1").adm(adm).build())));
        String withNotice = VastPodWriter.write(List.of(placement("p", 1, bid("b1", "1").adm(adm).notice(NOTICE).build())));

        assertThat(withoutNotice).doesNotContain("TOP-SECRET").isEqualTo(VastPodWriter.write(List.of()));
        assertThat(withNotice).doesNotContain("TOP-SECRET");
        assertThat(text(ads(withNotice).get(0), "AdSystem")).isEqualTo("identity-gateway");
    }

    @Test
    void shouldRejectAnyDoctypeIncludingEntityBombs() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE VAST [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<VAST version=\"4.2\"><Ad><InLine><AdTitle>&c;</AdTitle></InLine></Ad></VAST>";
        String harmless = "<!DOCTYPE VAST><VAST version=\"4.2\"><Ad><InLine><AdSystem>x</AdSystem></InLine></Ad></VAST>";

        String xml = VastPodWriter.write(List.of(
                placement("p", 1, bid("bomb", "1").adm(bomb).build()),
                placement("p", 2, bid("doctype", "2").adm(harmless).build())));

        assertThat(xml).isEqualTo(VastPodWriter.write(List.of()));
    }

    @Test
    void shouldNotFollowXInclude() throws Exception {
        String adm = "<VAST version=\"4.2\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><Ad><InLine>"
                + "<xi:include href=\"file:///etc/hostname\" parse=\"text\"/></InLine></Ad></VAST>";

        String xml = VastPodWriter.write(List.of(placement("p", 1, bid("b1", "1").adm(adm).build())));

        assertThat(ads(xml).get(0).getElementsByTagNameNS("http://www.w3.org/2001/XInclude", "include").getLength())
                .isEqualTo(1);
    }

    @Test
    void shouldDropCharactersXmlCannotCarryFromTheBidId() throws Exception {
        String xml = VastPodWriter.write(List.of(placement("p", 1, bid("b\u0001id", "1").build())));

        assertThat(ads(xml).get(0).getAttribute("id")).isEqualTo("bid");
    }

    @Test
    void shouldDropOnlyWhatXmlCannotCarryAndKeepCleanTextAsItIs() {
        String clean = "b-1 caf\u00e9 \ud83c\udfac";

        assertThat(VastPodWriter.xmlChars(clean)).isSameAs(clean);
        assertThat(VastPodWriter.xmlChars("a\u0000b\ud800c\udc00d\ufffee\ud83c\udfacf\u0009"))
                .isEqualTo("abcde\ud83c\udfacf\u0009");
    }

    @Test
    void shouldStayHardenedAndQuietFromPodToPodOnOneThread(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-42");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE VAST [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<VAST version=\"4.2\"><Ad><InLine><AdSystem>&xxe;</AdSystem></InLine></Ad></VAST>";
        List<PodPlacement> hostile = List.of(placement("p", 1, bid("x", "1").adm(xxe).build()),
                placement("p", 2, bid("m", "2").adm("<VAST><Ad>").build()));
        List<PodPlacement> fine = List.of(placement("p", 1, bid("b1", "1").build()));
        String expected = VastPodWriter.write(fine);
        String empty = VastPodWriter.write(List.of());
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        ExecutorService thread = Executors.newSingleThreadExecutor(); // a parser of its own, made after setErr
        try {
            List<String> written = thread.submit(() -> {
                List<String> out = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    out.add(VastPodWriter.write(hostile));
                    out.add(VastPodWriter.write(fine));
                }
                return out;
            }).get();

            assertThat(written).containsExactly(empty, expected, empty, expected, empty, expected);
        } finally {
            thread.shutdownNow();
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("nothing printed by the parser").isEmpty();
    }

    @Test
    void shouldWriteTheSamePodsOnThreadsAtOnce() throws Exception {
        List<List<PodPlacement>> pods = List.of(
                List.of(placement("p", 1, bid("b1", "1").build()), placement("p", 2, bid("b2", "2").build())),
                List.of(placement("q", 1, bid("w", "1").adm("<VAST><Ad>").notice(NOTICE).build())),
                List.of());
        List<String> expected = new ArrayList<>();
        for (List<PodPlacement> pod : pods) {
            expected.add(VastPodWriter.write(pod));
        }
        OnThreadsAtOnce.assertEveryRoundHolds(4, 300, (thread, round) ->
                VastPodWriter.write(pods.get(round % pods.size())).equals(expected.get(round % pods.size())));
    }

    @Test
    void shouldKeepNonAsciiTextIntact() throws Exception {
        String adm = VAST_ADM.replace("<AdTitle>t</AdTitle>", "<AdTitle>Café 東京 🎬</AdTitle>");

        String xml = VastPodWriter.write(List.of(placement("p", 1, bid("b1", "1").adm(adm).build())));

        assertThat(text(ads(xml).get(0), "AdTitle")).isEqualTo("Café 東京 🎬");
    }
}
