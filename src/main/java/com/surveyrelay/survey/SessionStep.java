package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a session waits for next; stored as {@code currentState}. */
public enum SessionStep {
    /** A call was placed and not yet answered. */
    NOT_STARTED,
    /** The welcome and the language offer went out; the next input chooses the language. */
    LANGUAGE_OFFER,
    /** The question at {@code questionIndex} was asked. */
    QUESTION,
    /** Nothing more will be asked. */
    FINISHED;

    @JsonValue
    public String stateName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
