package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SummaryPropertiesTest {

    /** RESULTS_SUMMARIES_AT_ONCE=0 started, and every summary answered 503 busy for ever. */
    @Test
    void noSummaryAtOnceStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> bind("0")).isInstanceOf(BindException.class).rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RESULTS_SUMMARIES_AT_ONCE (survey-relay.results.summaries-at-once) must be at least 1, "
                        + "not 0");
    }

    @Test
    void oneAtATimeIsTheLeastAndTwoTheDefault() {
        assertThat(bind("1").summariesAtOnce()).isEqualTo(1);
        assertThat(new SummaryProperties(null).summariesAtOnce()).isEqualTo(2);
    }

    private static SummaryProperties bind(String atOnce) {
        return new Binder(new MapConfigurationPropertySource(Map.of("survey-relay.results.summaries-at-once", atOnce)))
                .bind("survey-relay.results", SummaryProperties.class).get();
    }
}
