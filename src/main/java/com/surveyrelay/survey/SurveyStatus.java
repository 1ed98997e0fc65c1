package com.surveyrelay.survey;

/** Where a session stands; everything but {@link #STARTED} is final. */
public enum SurveyStatus {
    STARTED,
    COMPLETED,
    ABANDONED,
    OPTED_OUT;

    public boolean isFinal() {
        return this != STARTED;
    }
}
