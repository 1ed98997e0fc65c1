package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TriggerPropertiesTest {

    @Test
    void anUnsetMaxReceivesIsFive() {
        assertThat(new TriggerProperties(true, "q", "dlq", null, null).maxReceives()).isEqualTo(5);
    }

    @Test
    void noReceiveAtAllStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> new TriggerProperties(true, "q", "dlq", null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TRIGGER_MAX_RECEIVES (survey-relay.triggers.max-receives) must be at least 1, not 0");
        assertThat(new TriggerProperties(true, "q", "dlq", null, 1).maxReceives()).isEqualTo(1);
    }
}
