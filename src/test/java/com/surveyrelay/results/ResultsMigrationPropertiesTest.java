package com.surveyrelay.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ResultsMigrationPropertiesTest {

    /** RESULTS_MIGRATE=maybe reached Camel's route start, which failed the start with a stack trace. */
    @Test
    void aValueCamelWouldRefuseStopsTheStartNamingTheVariable() {
        for (String bad : new String[] {"maybe", "yes", "1", "on"}) {
            assertThatThrownBy(() -> bind(bad)).as(bad).isInstanceOf(BindException.class).rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("RESULTS_MIGRATE (survey-relay.results.migrate) must be true or false, not " + bad);
        }
        assertThatThrownBy(() -> bind(" ")).rootCause().hasMessageEndingWith("must be true or false, not empty");
        // Camel's route start reads the raw value, and refuses blanks around it.
        assertThatThrownBy(() -> bind(" false ")).rootCause().hasMessageEndingWith("not  false ");
    }

    @Test
    void trueOrFalseInAnyCaseAndAbsentIsTrue() {
        assertThat(bind("FALSE").migrate()).isEqualTo("false");
        assertThat(bind("True").migrate()).isEqualTo("true");
        assertThat(new ResultsMigrationProperties(null).migrate()).isEqualTo("true");
    }

    private static ResultsMigrationProperties bind(String migrate) {
        return new Binder(new MapConfigurationPropertySource(Map.of("survey-relay.results.migrate", migrate)))
                .bind("survey-relay.results", ResultsMigrationProperties.class).get();
    }
}
