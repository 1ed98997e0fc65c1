package com.surveyrelay.local;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** Reads the TwiML a webhook answered. twilio-java writes TwiML but cannot read it back, hence the JDK parser. */
final class TwimlDocuments {

    private TwimlDocuments() {
    }

    /** The {@code <Response>} element; throws with a reason fit for a transcript when the text is not TwiML. */
    static Element response(String xml) throws NotTwiml {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // An answer comes from the application under test; it gets no say over files or URLs here.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            // The default handler prints to stderr; the reason reaches the transcript through the exception instead.
            // The JDK's default handler also prints to stderr; this one only throws, and the reason reaches the transcript.
            builder.setErrorHandler(new DefaultHandler());
            root = builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new NotTwiml("not XML (" + e.getMessage() + ")");
        }
        if (!"Response".equals(root.getTagName())) {
            throw new NotTwiml("the root element is <" + root.getTagName() + ">, not <Response>");
        }
        return root;
    }

    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The text a voice or a phone would render: SSML tags dropped, runs of whitespace as one space. */
    static String text(Element element) {
        return element.getTextContent().strip().replaceAll("\\s+", " ");
    }

    /** The attribute's value, or {@code fallback} when it is absent (DOM reports absent as empty). */
    static String attribute(Element element, String name, String fallback) {
        return element.hasAttribute(name) ? element.getAttribute(name) : fallback;
    }

    static final class NotTwiml extends Exception {

        NotTwiml(String reason) {
            super(reason, null, false, false);
        }
    }
}
