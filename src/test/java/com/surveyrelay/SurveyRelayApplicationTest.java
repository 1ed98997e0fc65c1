package com.surveyrelay;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.transform.TransformerFactory;
import org.junit.jupiter.api.Test;

class SurveyRelayApplicationTest {

    @Test
    void namesTheJdksXmlFactoriesSoTwimlNeverSearchesTheClassPath() {
        SurveyRelayApplication.useJdkXmlFactories();
        assertThat(System.getProperty("javax.xml.transform.TransformerFactory"))
                .isEqualTo("com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
        assertThat(System.getProperty("javax.xml.parsers.DocumentBuilderFactory"))
                .isEqualTo("com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
        assertThat(TransformerFactory.newInstance().getClass().getName())
                .isEqualTo("com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
    }

    @Test
    void keepsAFactoryTheCommandLineNamed() {
        String before = System.getProperty("javax.xml.parsers.SAXParserFactory");
        System.setProperty("javax.xml.parsers.SAXParserFactory", "org.example.OtherSaxParserFactory");
        try {
            SurveyRelayApplication.useJdkXmlFactories();
            assertThat(System.getProperty("javax.xml.parsers.SAXParserFactory"))
                    .isEqualTo("org.example.OtherSaxParserFactory");
        } finally {
            if (before == null) {
                System.clearProperty("javax.xml.parsers.SAXParserFactory");
            } else {
                System.setProperty("javax.xml.parsers.SAXParserFactory", before);
            }
        }
    }
}
