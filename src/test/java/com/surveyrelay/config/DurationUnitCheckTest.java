package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.surveyrelay.outbox.OutboxProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * SURVEY_CATALOG_REFRESH=30 was 30 ms: the bucket listed 33 times a second. A bare number is refused for the
 * service's durations, naming the variable application.yaml reads it from.
 */
class DurationUnitCheckTest {

    /** The environment as application.yaml and the process's environment make it. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application.yaml", Map.of(
                "survey-relay.catalog-refresh", "${SURVEY_CATALOG_REFRESH:30s}",
                "survey-relay.bucket", "bucket", "survey-relay.region", "us-east-1",
                "survey-relay.public-base-url", "https://relay.example.com",
                "survey-relay.outbox.call-end-grace", "${CALL_END_GRACE:15s}")));
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        return environment;
    }

    private static <T> T bind(StandardEnvironment environment, String prefix, Class<T> settings) {
        BindHandler handler = new DurationUnitCheck(environment).apply(BindHandler.DEFAULT);
        return Binder.get(environment).bind(prefix, Bindable.of(settings), handler).get();
    }

    @Test
    void aBareNumberIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> bind(environment(Map.of("SURVEY_CATALOG_REFRESH", "30")), "survey-relay",
                SurveyRelayProperties.class)).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(SettingRefused.class)
                .hasMessage("SURVEY_CATALOG_REFRESH (survey-relay.catalog-refresh) must be a duration with a unit, "
                        + "such as 30s or 5m (a bare number would be 30ms), not 30");
        assertThatThrownBy(() -> bind(environment(Map.of("CALL_END_GRACE", "15")), "survey-relay.outbox",
                OutboxProperties.class)).rootCause().hasMessageStartingWith("CALL_END_GRACE "
                        + "(survey-relay.outbox.call-end-grace) must be a duration with a unit").hasMessageEndingWith(
                        "not 15");
    }

    @Test
    void aPropertySetByItsOwnNameIsRefusedByThatName() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("survey-relay.catalog-refresh", "200");
        assertThatThrownBy(() -> bind(environment(set), "survey-relay", SurveyRelayProperties.class)).rootCause()
                .hasMessageStartingWith("survey-relay.catalog-refresh (survey-relay.catalog-refresh) must be");
    }

    @Test
    void unitsIsoAndZeroBindAsBefore() {
        assertThat(bind(environment(Map.of("SURVEY_CATALOG_REFRESH", "45s")), "survey-relay",
                SurveyRelayProperties.class).catalogRefresh()).isEqualTo(Duration.ofSeconds(45));
        assertThat(bind(environment(Map.of("SURVEY_CATALOG_REFRESH", "PT2M")), "survey-relay",
                SurveyRelayProperties.class).catalogRefresh()).isEqualTo(Duration.ofMinutes(2));
        assertThat(bind(environment(Map.of()), "survey-relay", SurveyRelayProperties.class).catalogRefresh())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(bind(environment(Map.of("CALL_END_GRACE", "0")), "survey-relay.outbox", OutboxProperties.class)
                .callEndGrace()).isZero();
    }

    /** Another framework's duration, as application.yaml maps it to a variable of ours or leaves it alone. */
    record Timeouts(Duration requestTimeout, Duration connectionTimeout) {
    }

    /**
     * HTTP_REQUEST_TIMEOUT=3600 was 3.6 s, and cut results exports short (application.yaml mapped it to Spring MVC's
     * async timeout until 2026-12-06): a variable mapped to another framework's duration is checked too.
     */
    @Test
    void aDurationApplicationYamlReadsFromAVariableIsCheckedWhateverItsPrefix() {
        StandardEnvironment environment = environment(Map.of("HTTP_REQUEST_TIMEOUT", "3600"));
        environment.getPropertySources().addLast(new MapPropertySource("more of application.yaml", Map.of(
                "spring.mvc.async.request-timeout", "${HTTP_REQUEST_TIMEOUT:1h}")));
        assertThatThrownBy(() -> bind(environment, "spring.mvc.async", Timeouts.class)).rootCause()
                .hasMessageStartingWith("HTTP_REQUEST_TIMEOUT (spring.mvc.async.request-timeout) must be a duration "
                        + "with a unit").hasMessageEndingWith("not 3600");
        StandardEnvironment unmapped = environment(Map.of("spring.mvc.async.connection-timeout", "20000"));
        assertThat(bind(unmapped, "spring.mvc.async", Timeouts.class).connectionTimeout())
                .as("a framework's own setting keeps the framework's meaning").isEqualTo(Duration.ofSeconds(20));
    }
}
