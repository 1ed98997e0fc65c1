package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;

/** The medium a survey runs on; stored as the original template's {@code surveyMedium} values. */
public enum Channel {
    VOICE("voice"),
    SMS("sms");

    private final String medium;

    Channel(String medium) {
        this.medium = medium;
    }

    @JsonValue
    public String medium() {
        return medium;
    }
}
