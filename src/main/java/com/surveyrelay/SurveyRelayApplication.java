package com.surveyrelay;

import com.surveyrelay.web.RequestThreads;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Survey Relay: interactive surveys over Twilio Voice and SMS, routed by Camel. {@link RequestThreads} is bound here,
 * as no bean of ours reads the Tomcat thread setting it checks (Spring Boot binds it for Tomcat).
 */
@SpringBootApplication
@EnableConfigurationProperties(RequestThreads.class)
public class SurveyRelayApplication {

    static {
        useJdkXmlFactories();
    }

    public static void main(String[] args) {
        SpringApplication.run(SurveyRelayApplication.class, args);
    }

    /**
     * Names the JDK's own JAXP implementations, unless the command line named others. twilio-java asks JAXP for a
     * new {@code TransformerFactory} for every TwiML document it writes, and JAXP without these properties looks
     * for a provider on the class path first ({@code META-INF/services}), which under Spring Boot's nested-jar
     * class loader cost about a tenth of a webhook's CPU time in the benchmark (issue 13's profile).
     */
    static void useJdkXmlFactories() {
        setIfAbsent("javax.xml.transform.TransformerFactory",
                "com.sun.org.apache.xalan.internal.xsltc.trax.TransformerFactoryImpl");
        setIfAbsent("javax.xml.parsers.DocumentBuilderFactory",
                "com.sun.org.apache.xerces.internal.jaxp.DocumentBuilderFactoryImpl");
        setIfAbsent("javax.xml.parsers.SAXParserFactory",
                "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl");
    }

    private static void setIfAbsent(String property, String implementation) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, implementation);
        }
    }
}
