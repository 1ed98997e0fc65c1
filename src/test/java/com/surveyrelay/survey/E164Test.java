package com.surveyrelay.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class E164Test {

    @Test
    void acceptsUsualSeparatorsAndNormalises() {
        assertThat(E164.parse("+1 (555) 123-4567")).contains(new E164("+15551234567"));
        assertThat(E164.parse("+52.55.1234.5678")).contains(new E164("+525512345678"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5551234567", "+0551234567", "+1555123456789012", "+1555abc4567", "+1555/../4567", ""})
    void refusesAnythingElse(String text) {
        assertThat(E164.parse(text)).isEmpty();
    }

    @Test
    void neverPrintsTheWholeNumber() {
        assertThat(new E164("+15551234567")).hasToString("***4567");
        assertThatThrownBy(() -> new E164("15551234567")).hasMessage("not an E.164 phone number");
    }
}
