package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/** Every on/off setting of application.yaml takes true or false, in any case, and nothing Camel would refuse. */
class BooleanSettingCheckTest {

    /** The on/off variables application.yaml reads; the check finds them there, not from a list of its own. */
    private static final List<String> VARIABLES = List.of("RESULTS_MIGRATE", "FALLBACK_SMS_WHEN_CALL_UNANSWERED",
            "FALLBACK_SMS_AFTER_DROPPED_CALL", "VOICE_SPOKEN_OPT_OUT_AT_KEYPAD_QUESTIONS", "TRIGGER_QUEUE_ENABLED",
            "SMS_RETRIES_ENABLED", "CAMPAIGNS_ENABLED", "TEXT_STATUS_CALLBACK", "VOICE_MACHINE_DETECTION");

    /**
     * CAMPAIGNS_ENABLED=yes (or SMS_RETRIES_ENABLED, TRIGGER_QUEUE_ENABLED) was taken by Spring and then refused by
     * Camel's route start, whose stack trace named no variable; RESULTS_MIGRATE alone was checked.
     */
    @Test
    void aWordCamelOrSpringWouldReadAnotherWayStopsTheStartNamingTheVariable() throws Exception {
        for (String variable : VARIABLES) {
            for (String value : List.of("yes", "on", "1", "maybe", "ja")) {
                assertThatThrownBy(() -> check(variable, value)).as(variable + "=" + value)
                        .isInstanceOf(SettingRefused.class)
                        .hasMessageMatching(variable + " \\(survey-relay\\.[a-z.-]+\\) must be true or false, not "
                                + value);
            }
        }
        assertThatThrownBy(() -> check("CAMPAIGNS_ENABLED", "yes")).hasMessage(
                "CAMPAIGNS_ENABLED (survey-relay.campaigns.enabled) must be true or false, not yes");
        assertThatThrownBy(() -> check("SMS_RETRIES_ENABLED", " ")).hasMessage(
                "SMS_RETRIES_ENABLED (survey-relay.sms-retries.enabled) must be true or false, not empty");
        // Camel's route start reads the raw value and refuses blanks around it.
        assertThatThrownBy(() -> check("TRIGGER_QUEUE_ENABLED", " false ")).hasMessageEndingWith("not  false ");
    }

    @Test
    void trueOrFalseInAnyCaseOrNothingSetStarts() {
        for (String variable : VARIABLES) {
            for (String value : List.of("true", "FALSE", "True")) {
                assertThatCode(() -> check(variable, value)).as(variable + "=" + value).doesNotThrowAnyException();
            }
        }
        assertThatCode(() -> check("UNRELATED", "yes")).doesNotThrowAnyException();
    }

    /** The check runs as the context starts, before any bean is made, and stops it with the refusal. */
    @Test
    void theRefusalStopsTheApplicationContext() {
        new ApplicationContextRunner().withUserConfiguration(BooleanSettingCheck.class)
                .withPropertyValues("survey-relay.campaigns.enabled=${CAMPAIGNS_ENABLED:true}", "CAMPAIGNS_ENABLED=on")
                .run(context -> assertThat(context.getStartupFailure()).isInstanceOf(SettingRefused.class)
                        .hasMessage("CAMPAIGNS_ENABLED (survey-relay.campaigns.enabled) must be true or false, not on"));
        new ApplicationContextRunner().withUserConfiguration(BooleanSettingCheck.class)
                .withPropertyValues("survey-relay.campaigns.enabled=${CAMPAIGNS_ENABLED:true}", "CAMPAIGNS_ENABLED=TRUE")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** Checks application.yaml as the service reads it, with one environment variable set. */
    private static void check(String variable, String value) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", Map.of(variable, value)));
        for (var source : new YamlPropertySourceLoader().load("application.yaml",
                new FileSystemResource("application.yaml"))) {
            environment.getPropertySources().addLast(source);
        }
        new BooleanSettingCheck(environment).check();
    }
}
