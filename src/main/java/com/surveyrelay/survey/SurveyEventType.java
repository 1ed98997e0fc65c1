package com.surveyrelay.survey;

/** Lifecycle events; {@link #detailType()} is the EventBridge {@code DetailType}. */
public enum SurveyEventType {
    SURVEY_STARTED("Survey Started"),
    ANSWER_RECORDED("Answer Recorded"),
    SURVEY_COMPLETED("Survey Completed"),
    SURVEY_ABANDONED("Survey Abandoned"),
    SURVEY_OPTED_OUT("Survey Opted Out");

    private final String detailType;

    SurveyEventType(String detailType) {
        this.detailType = detailType;
    }

    public String detailType() {
        return detailType;
    }
}
