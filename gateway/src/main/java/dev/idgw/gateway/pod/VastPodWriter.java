package dev.idgw.gateway.pod;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Renders placements as one VAST 4.2 ad pod: one {@code <Ad id="bidId" sequence="n">} per placement, numbered
 * 1..n in order across all pods.
 *
 * <p>A partner's {@code adm} is untrusted, so it is parsed with DOCTYPE declarations refused outright (which also
 * rules out entity expansion and XXE), no external access, no XInclude and secure processing on. The first
 * {@code <Ad>}'s {@code <InLine>} or {@code <Wrapper>} is copied in. If the adm is not such a VAST document, the ad
 * becomes a {@code <Wrapper>} pointing at the bid's http(s) {@code nurl} (OpenRTB lets a win notice return the
 * markup); with neither, the placement is left out and the rest renumbered. Macros such as
 * {@code ${AUCTION_PRICE}} are left as they are: substituting them is not this class's job.
 */
public final class VastPodWriter {

    static final String VAST_VERSION = "4.2";
    static final String AD_SYSTEM = "identity-gateway";

    /** Scheme, a non-empty host, then anything without spaces or control characters. */
    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://[^\\s\\p{Cntrl}/?#]+[^\\s\\p{Cntrl}]*");

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    /** An adm is a few nodes, copied out once: a deferred DOM's index tables cost more than the nodes themselves. */
    private static final String DEFER_NODE_EXPANSION = "http://apache.org/xml/features/dom/defer-node-expansion";

    /** Parse errors are expected data here: reject quietly instead of printing "[Fatal Error]" to stderr. */
    private static final ErrorHandler REJECT_QUIETLY = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {}

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };

    /**
     * A hardened parser and a serializer per thread, reset before each pod: building them (a factory, its
     * configuration, the parser's scanners and buffers, the transformer) was most of the ~200 KB each VAST answer
     * allocated. {@code reset()} returns each to the state it was created in, features and security limits
     * included, and forgets the error handler and output properties, which {@link #write} sets again every time.
     * A pod is written start to end on one thread, which calls nothing that could write another on it.
     */
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(VastPodWriter::hardenedParser);
    private static final ThreadLocal<Transformer> SERIALIZER = ThreadLocal.withInitial(VastPodWriter::newSerializer);

    private VastPodWriter() {}

    /** The pod as UTF-8 VAST text with an XML declaration; no placements give {@code <VAST version="4.2"/>}. */
    public static String write(List<PodPlacement> placements) {
        Objects.requireNonNull(placements, "placements");
        DocumentBuilder parser = PARSER.get();
        parser.reset();
        parser.setErrorHandler(REJECT_QUIETLY);
        Document vast = parser.newDocument();
        vast.setXmlStandalone(true); // no standalone="no" in the declaration
        Element root = vast.createElement("VAST");
        root.setAttribute("version", VAST_VERSION);
        vast.appendChild(root);
        int sequence = 0;
        for (PodPlacement placement : placements) {
            Bid bid = placement.bid();
            Optional<Element> body = importedAd(parser, vast, bid.adm()).or(() -> noticeWrapper(vast, bid.noticeUrl()));
            if (body.isPresent()) {
                Element ad = vast.createElement("Ad");
                ad.setAttribute("id", xmlChars(bid.bidId()));
                ad.setAttribute("sequence", Integer.toString(++sequence));
                ad.appendChild(body.get());
                root.appendChild(ad);
            }
        }
        return serialize(vast, expectedLength(placements));
    }

    /** About the pod's length: room enough that the text seldom has to grow (and so be copied) while written. */
    private static int expectedLength(List<PodPlacement> placements) {
        int chars = 128;
        for (PodPlacement placement : placements) {
            String adm = placement.bid().adm();
            chars += 96 + (adm == null ? 0 : adm.length());
        }
        return chars;
    }

    /** The InLine or Wrapper of the adm's first Ad, copied into {@code vast}; empty if the adm is not such VAST. */
    private static Optional<Element> importedAd(DocumentBuilder parser, Document vast, String adm) {
        if (adm == null || adm.isBlank()) {
            return Optional.empty();
        }
        Document markup;
        try {
            markup = parser.parse(new InputSource(new StringReader(adm)));
        } catch (SAXException | IOException unparseable) {
            return Optional.empty();
        }
        Element markupRoot = markup.getDocumentElement();
        if (!"VAST".equals(localName(markupRoot))) {
            return Optional.empty();
        }
        return firstChild(markupRoot, "Ad")
                .flatMap(ad -> firstChild(ad, "InLine").or(() -> firstChild(ad, "Wrapper")))
                .map(adBody -> (Element) vast.importNode(adBody, true));
    }

    private static Optional<Element> noticeWrapper(Document vast, String noticeUrl) {
        if (!isHttpUrl(noticeUrl)) {
            return Optional.empty();
        }
        Element wrapper = vast.createElement("Wrapper");
        Element adSystem = vast.createElement("AdSystem");
        adSystem.setTextContent(AD_SYSTEM);
        Element tagUri = vast.createElement("VASTAdTagURI");
        tagUri.setTextContent(noticeUrl.strip());
        wrapper.appendChild(adSystem);
        wrapper.appendChild(tagUri);
        return Optional.of(wrapper);
    }

    /**
     * An absolute http(s) URL. Checked by pattern, not {@code java.net.URI}: notice URLs carry OpenRTB macros such as
     * {@code ${AUCTION_PRICE}} that URI rejects, and the exchange substitutes them later.
     */
    private static boolean isHttpUrl(String url) {
        return url != null && HTTP_URL.matcher(url.strip()).matches() && firstNonXmlChar(url) < 0;
    }

    private static Optional<Element> firstChild(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(localName(element))) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    /**
     * Drops characters XML 1.0 cannot carry, so a partner's odd bid id cannot make the whole pod unparseable. The text
     * itself when there is nothing to drop, as nearly always: a loop, not a stream of code points, for every ad.
     */
    static String xmlChars(String text) {
        int firstBad = firstNonXmlChar(text);
        if (firstBad < 0) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length()).append(text, 0, firstBad);
        for (int i = firstBad; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (isXmlChar(c)) {
                kept.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return kept.toString();
    }

    /** The index of the first code point XML 1.0 cannot carry, or -1. */
    private static int firstNonXmlChar(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!isXmlChar(c)) {
                return i;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    private static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static DocumentBuilder hardenedParser() {
        // newDefaultInstance: the JDK's own parser, so the Xerces feature names below are known to exist.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            factory.setFeature(DEFER_NODE_EXPANSION, false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException unsupported) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened", unsupported);
        }
    }

    private static String serialize(Document vast, int expectedLength) {
        Transformer transformer = SERIALIZER.get();
        transformer.reset();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
        transformer.setOutputProperty(OutputKeys.INDENT, "no");
        StringWriter text = new StringWriter(expectedLength);
        try {
            transformer.transform(new DOMSource(vast), new StreamResult(text));
        } catch (TransformerException failure) {
            throw new IllegalStateException("cannot serialize a DOM we built ourselves", failure);
        }
        return text.toString();
    }

    private static Transformer newSerializer() {
        try {
            TransformerFactory factory = TransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            return factory.newTransformer();
        } catch (TransformerException unsupported) {
            throw new IllegalStateException("the JDK XML serializer cannot be configured", unsupported);
        }
    }
}
