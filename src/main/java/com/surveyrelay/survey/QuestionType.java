package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a question is answered: a number on the keypad (or texted), or free words (spoken or texted). */
public enum QuestionType {
    DTMF("dtmf"),
    SPEECH("speech");

    private final String configName;

    QuestionType(String configName) {
        this.configName = configName;
    }

    @JsonValue
    public String configName() {
        return configName;
    }
}
