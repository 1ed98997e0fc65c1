package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A route file renamed while being edited ({@code survey-results.camel.yaml.bak}) started the service, readiness UP,
 * and finished sessions then waited in their outboxes with no word at start (an operator's probe, 2026-12-07): a
 * {@code direct:} endpoint sent to that no route reads now stops the start, naming it and its file.
 */
class CalledRoutesCheckTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws java.io.IOException {
        camel.close();
    }

    private void routes(boolean withResults, boolean withHead) throws Exception {
        directRoutes(withResults, withHead);
        camel.start();
    }

    /**
     * The routes defined, the context not started: as Camel's beforeApplicationStart sees them, with the routes Twilio
     * posts to (the text's status callback, the call's steps and end).
     */
    private void defined(boolean withResults, boolean withHead) throws Exception {
        defined(withResults, withHead, true);
    }

    private void defined(boolean withResults, boolean withHead, boolean withMessageStatus) throws Exception {
        camel.getPropertiesComponent().addInitialProperty("survey-relay.voice.webhook-path", "/voice/webhook");
        camel.getPropertiesComponent().addInitialProperty("survey-relay.voice.status-path", "/voice/status");
        camel.getPropertiesComponent().addInitialProperty("survey-relay.voice.incoming-path", "/voice/incoming");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (withMessageStatus) {
                    from("platform-http:/sms/status").routeId("message-status").to("log:status");
                }
                from("platform-http:{{survey-relay.voice.webhook-path}}").routeId("voice-call").to("log:call");
                from("platform-http:{{survey-relay.voice.status-path}}").routeId("call-status").to("log:end");
                from("platform-http:/sms/webhook").routeId("sms-webhook").to("log:texts");
                from("platform-http:{{survey-relay.voice.incoming-path}}").routeId("voice-incoming").to("log:in");
            }
        });
        directRoutes(withResults, withHead);
    }

    private void directRoutes(boolean withResults, boolean withHead) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:survey-events").routeId("survey-events").to("log:events");
                if (withResults) {
                    from("direct:survey-results").routeId("survey-results").to("log:results");
                }
                from("direct:results-csv").routeId("results-csv").to("direct:results-head");
                if (withHead) {
                    from("direct://results-head").routeId("results-head").to("log:head");
                }
            }
        });
    }

    @Test
    void everyCalledRouteReadPasses() throws Exception {
        routes(true, true);
        assertThatCode(() -> CalledRoutesCheck.check(camel)).doesNotThrowAnyException();
    }

    @Test
    void aRouteTheRelayCallsMissingStopsTheStartNamingItsFile() throws Exception {
        routes(false, true);
        assertThatThrownBy(() -> CalledRoutesCheck.check(camel)).isInstanceOf(SettingRefused.class)
                .hasMessage("No route reads direct:survey-results (routes/survey-results.camel.yaml), which the "
                        + "service sends to: put the file back in routes/, named as shipped (a file renamed to .bak "
                        + "or .orig is not read)");
    }

    /**
     * Checked on the definitions, before any route starts: for a few hours on 2026-12-07 the check ran once the
     * service was ready, and a refused instance took some 30 starts before it stopped (a breaker's probe).
     */
    @Test
    void theDefinitionsAreCheckedBeforeAnyRouteStarts() throws Exception {
        defined(false, true);
        assertThatThrownBy(() -> CalledRoutesCheck.checkDefinitions(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("No route reads direct:survey-results (routes/survey-results.camel.yaml)");
    }

    @Test
    void aRouteAnotherRouteCallsMissingFromTheDefinitionsStopsTheStart() throws Exception {
        defined(true, false);
        assertThatThrownBy(() -> CalledRoutesCheck.checkDefinitions(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("No route reads direct:results-head (routes/results-head.camel.yaml)");
    }

    @Test
    void everyCalledRouteDefinedPasses() throws Exception {
        defined(true, true);
        assertThatCode(() -> CalledRoutesCheck.checkDefinitions(camel)).doesNotThrowAnyException();
    }

    /**
     * A path Twilio is told to post to with no route listening stops the start: a renamed message-status.camel.yaml
     * lost every delivery report, error 21610 among them, with no word (a code reviewer's probe, 2026-12-07).
     */
    @Test
    void aPathTwilioPostsToWithNoRouteStopsTheStart() throws Exception {
        defined(true, true, false);
        assertThatThrownBy(() -> CalledRoutesCheck.checkDefinitions(camel)).isInstanceOf(SettingRefused.class)
                .hasMessage("No route listens on platform-http:/sms/status (routes/message-status.camel.yaml), which "
                        + "Twilio is told to post to: put the file back in routes/, named as shipped (a file renamed "
                        + "to .bak or .orig is not read)");
        // As the dev profile's route files health checks it (a breaker's probe: it said nothing there).
        assertThatThrownBy(() -> CalledRoutesCheck.checkTwilioPaths(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("No route listens on platform-http:/sms/status");
    }

    @Test
    void aRouteAnotherRouteCallsMissingStopsTheStart() throws Exception {
        routes(true, false);
        assertThatThrownBy(() -> CalledRoutesCheck.check(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("No route reads direct:results-head (routes/results-head.camel.yaml)");
    }
}
