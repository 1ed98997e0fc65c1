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
 * Camel resolves its placeholder, and made by its component, unregistered and unstarted (the route makes its own).
 * Refused, as a {@link SettingRefused} reading {@code SURVEY_EVENTS_ENDPOINT (survey-relay.events.endpoint) must be
 * ... not bogus:thing: no Camel component named "bogus" is on the classpath}: an empty value, a scheme no component
 * on the classpath has, an option the component does not know or a value it refuses
 * ({@code ResolveEndpointFailedException}); not a service the making reached that failed (S3 down at start: an
 * outage, which the route meets as before). The URI is told as Camel sanitises it (secret
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
     * Makes each checked endpoint by its component, as the route would, and drops it (the route makes its own).
     *
     * @throws SettingRefused naming the variable, the property and the sanitised URI, with Camel's reason
     */
    static void check(CamelContext camel) {
        for (Map.Entry<String, String> setting : ENDPOINTS.entrySet()) {
            // Blanks around it are Camel's to ignore, as its context does (a reviewer's probe, 2026-12-07).
            String uri = camel.getPropertiesComponent().resolveProperty(setting.getValue()).orElse("").strip();
            String accepted = "an endpoint URI Camel can make (a component on the classpath, such as file:, aws2-s3: "
                    + "or aws2-sqs:, with options it knows)";
            if (uri.isBlank()) {
                throw new SettingRefused(SettingBounds.refused(setting.getKey(), setting.getValue(), accepted,
                        "empty").getMessage());
            }
            String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')).strip() : "";
            org.apache.camel.Component component = scheme.isEmpty() ? null : camel.getComponent(scheme);
            if (component == null) {
                throw new SettingRefused(SettingBounds.refused(setting.getKey(), setting.getValue(), accepted,
                        URISupport.sanitizeUri(uri)).getMessage() + ": no Camel component named \"" + scheme
                        + "\" is on the classpath");
            }
            try {
                // Made by its component, not the context: nothing is registered nor started (an aws2-s3 endpoint
                // started here read its bucket, and S3 down at start then stopped the start).
                if (component.createEndpoint(uri) == null) {
                    throw new IllegalArgumentException("the component made no endpoint of it");
                }
            } catch (Exception e) {
                if (reached(e)) {
                    // The URI is one Camel can make, but making it asked a service that failed: an outage, not a
                    // setting to refuse; the route makes the endpoint when it starts.
                    continue;
                }
                throw new SettingRefused(SettingBounds.refused(setting.getKey(), setting.getValue(), accepted,
                        URISupport.sanitizeUri(uri)).getMessage() + ": " + reason(e));
            }
        }
    }

    /** True when making the endpoint reached a service that failed (an AWS SDK or I/O failure in the causes). */
    private static boolean reached(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof software.amazon.awssdk.core.exception.SdkException
                    || cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Camel's own words, without its exception's class: the innermost message that says more than the outer. */
    private static String reason(Exception failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getCause().getMessage() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : failure.toString();
    }
}
