package com.surveyrelay;

import com.surveyrelay.web.RequestThreads;
import java.util.List;
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

    /**
     * Runs the service; or, with {@code lint <folder>} as its arguments, lints that folder and exits
     * ({@link SurveyLintCommand}) without starting the service.
     */
    public static void main(String[] args) {
        if (args.length > 0 && SurveyLintCommand.NAME.equals(args[0])) {
            System.exit(SurveyLintCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
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
