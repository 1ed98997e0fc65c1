package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint URI an operator sets (SURVEY_RESULTS_ENDPOINT, SURVEY_EVENTS_ENDPOINT, CAMPAIGN_SOURCE) that Camel
 * cannot make is refused naming the variable, before any route is built: {@code SURVEY_EVENTS_ENDPOINT=bogus:thing}
 * ended the start in a 34-line stack trace naming a route instead.
 */
class EndpointSettingCheckTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws java.io.IOException {
        camel.close();
    }

    private void set(String results, String events, String campaigns) {
        Properties settings = new Properties();
        settings.put("survey-relay.results.endpoint", results);
        settings.put("survey-relay.events.endpoint", events);
        settings.put("survey-relay.campaigns.source", campaigns);
        camel.getPropertiesComponent().setInitialProperties(settings);
    }

    @Test
    void endpointsCamelCanMakePass() {
        set("file:target/results", "direct:event-bridge-put",
                "file:target/campaigns?antInclude=*.csv&move=.done/$simple{file:name.noext.single}.csv");

        assertThatCode(() -> EndpointSettingCheck.check(camel)).doesNotThrowAnyException();
        assertThat(camel.hasEndpoint("direct://event-bridge-put")).as("made by its component, not registered")
                .isNull();
    }

    @Test
    void aSchemeNoComponentHasIsRefusedNamingTheVariable() {
        set("file:target/results", "bogus:thing", "file:target/campaigns");

        assertThatThrownBy(() -> EndpointSettingCheck.check(camel)).isInstanceOf(SettingRefused.class)
                .hasMessage("SURVEY_EVENTS_ENDPOINT (survey-relay.events.endpoint) must be an endpoint URI Camel can "
                        + "make (a component on the classpath, such as file:, aws2-s3: or aws2-sqs:, with options it "
                        + "knows), not bogus:thing: no Camel component named \"bogus\" is on the classpath");
    }

    @Test
    void anOptionTheComponentDoesNotKnowIsRefusedWithItsName() {
        set("file:target/results", "direct:event-bridge-put", "file:target/campaigns?antIncludes=*.csv");

        assertThatThrownBy(() -> EndpointSettingCheck.check(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("CAMPAIGN_SOURCE (survey-relay.campaigns.source) must be an endpoint URI")
                .hasMessageContaining("antIncludes");
    }

    @Test
    void aSecretInTheUriIsMaskedInTheRefusal() {
        set("aws2-s3x:results?accessKey=AKIAEXAMPLE&secretKey=topsecret", "direct:event-bridge-put",
                "file:target/campaigns");

        assertThatThrownBy(() -> EndpointSettingCheck.check(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("SURVEY_RESULTS_ENDPOINT (survey-relay.results.endpoint) must be")
                .hasMessageContaining("secretKey=xxxxxx").hasMessageNotContaining("topsecret");
    }

    @Test
    void anEmptyEndpointIsRefused() {
        set(" ", "direct:event-bridge-put", "file:target/campaigns");

        assertThatThrownBy(() -> EndpointSettingCheck.check(camel)).isInstanceOf(SettingRefused.class)
                .hasMessageStartingWith("SURVEY_RESULTS_ENDPOINT (survey-relay.results.endpoint) must be")
                .hasMessageEndingWith(", not empty");
    }
}
