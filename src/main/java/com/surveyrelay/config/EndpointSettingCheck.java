package com.surveyrelay.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.URISupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refuses an endpoint URI an operator sets that Camel cannot make an endpoint of, before any route is built, naming
 * the variable. The routes take these URIs as they are ({@code to: {{survey-relay.events.endpoint}}}), so
 * {@code SURVEY_EVENTS_ENDPOINT=bogus:thing} ended the start in Spring's "Application run failed" ERROR and a
 * 34-line stack trace of Camel's {@code FailedToCreateRouteException}, naming a route and a property but not the
 * variable (an operator's finding, 2026-12-06).
 *
 * <p>Checked: {@value #RESULTS} ({@code survey-relay.results.endpoint}), {@value #EVENTS}
 * ({@code survey-relay.events.endpoint}) and {@value #CAMPAIGNS} ({@code survey-relay.campaigns.source}), each as
 * Camel resolves its placeholder. Refused, as a {@link SettingRefused} reading {@code SURVEY_EVENTS_ENDPOINT
 * (survey-relay.events.endpoint) must be ... not bogus://thing: No endpoint could be found for ...}: an empty value, a
 * scheme no component on the classpath has ({@code NoSuchEndpointException}), an option the component does not know
 * or a value it refuses ({@code ResolveEndpointFailedException}). The URI is told as Camel sanitises it (secret
 * options such as {@code secretKey} masked). An endpoint that resolves but fails later (a {@code direct:} nobody
 * consumes, a bucket that does not exist) is not caught here: the route's own error handling tells it.
 */
@Configuration(proxyBeanMethods = false)
class EndpointSettingCheck {

    static final String RESULTS = "SURVEY_RESULTS_ENDPOINT";
    static final String EVENTS = "SURVEY_EVENTS_ENDPOINT";
    static final String CAMPAIGNS = "CAMPAIGN_SOURCE";

    /** Each checked variable, with the property the routes read. */
    private static final Map<String, String> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put(RESULTS, "survey-relay.results.endpoint");
        ENDPOINTS.put(EVENTS, "survey-relay.events.endpoint");
        ENDPOINTS.put(CAMPAIGNS, "survey-relay.campaigns.source");
    }

    @Bean
    CamelContextConfiguration endpointSettingsChecked() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                check(camel);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }

    /**
     * Makes each checked endpoint as its route would; Camel keeps it, so the route then uses the same one.
     *
     * @throws SettingRefused naming the variable, the property and the sanitised URI, with Camel's reason
     */
    static void check(CamelContext camel) {
        for (Map.Entry<String, String> setting : ENDPOINTS.entrySet()) {
            String uri = camel.getPropertiesComponent().resolveProperty(setting.getValue()).orElse("");
            String accepted = "an endpoint URI Camel can make (a component on the classpath, such as file:, aws2-s3: "
                    + "or aws2-sqs:, with options it knows)";
            if (uri.isBlank()) {
                throw new SettingRefused(SettingBounds.refused(setting.getKey(), setting.getValue(), accepted,
                        "empty").getMessage());
            }
            try {
                camel.getEndpoint(uri);
            } catch (RuntimeException e) {
                throw new SettingRefused(SettingBounds.refused(setting.getKey(), setting.getValue(), accepted,
                        URISupport.sanitizeUri(uri)).getMessage() + ": " + reason(e));
            }
        }
    }

    /** Camel's own words, without its exception's class: the innermost message that says more than the outer. */
    private static String reason(RuntimeException failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getCause().getMessage() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : failure.toString();
    }
}
