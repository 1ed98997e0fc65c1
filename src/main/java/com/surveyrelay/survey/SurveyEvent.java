package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A lifecycle event to publish. {@code answer} is set on {@code ANSWER_RECORDED}, {@code answers} on
 * {@code SURVEY_COMPLETED} (the post-survey step needs them), {@code reason} on abandonment.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SurveyEvent(
        SurveyEventType eventType, String sessionId, String surveyId, String surveyTo, Channel surveyMedium,
        String languageSet, SurveyStatus surveyStatus, Instant time, QuestionResult answer,
        List<QuestionResult> answers, String reason) {

    static SurveyEvent of(SurveyEventType type, SurveySession session) {
        return new SurveyEvent(type, session.sessionId(), session.surveyId(), session.surveyTo(),
                session.surveyMedium(), session.languageSet(), session.surveyStatus(), session.updatedAt(), null,
                null, null);
    }

    SurveyEvent withAnswer(QuestionResult recorded) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, recorded, answers, reason);
    }

    SurveyEvent withAnswers(List<QuestionResult> all) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, answer, List.copyOf(all), reason);
    }

    SurveyEvent withReason(String why) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, answer, answers, why);
    }
}
