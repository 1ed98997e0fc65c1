package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A lifecycle event to publish. {@code answer} is set on {@code ANSWER_RECORDED}, {@code answers} on
 * {@code SURVEY_COMPLETED} (the post-survey step needs them), {@code reason} on abandonment.
 *
 * @param eventId stable across redeliveries ({@code <sessionId>/<sequence>}), so a consumer drops repeats by
 *     it; set when the event is put in the session's outbox, null before
 * @param sequence the event's place among its session's events, from 1; orders them for consumers
 * @param fallbackFrom on {@code SURVEY_STARTED} of an SMS session that falls back from a call: which call and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SurveyEvent(
        SurveyEventType eventType, String sessionId, String surveyId, String surveyTo, Channel surveyMedium,
        String languageSet, SurveyStatus surveyStatus, Instant time, QuestionResult answer,
        List<QuestionResult> answers, String reason, String eventId, Long sequence, FallbackFrom fallbackFrom) {

    static SurveyEvent of(SurveyEventType type, SurveySession session) {
        return new SurveyEvent(type, session.sessionId(), session.surveyId(), session.surveyTo(),
                session.surveyMedium(), session.languageSet(), session.surveyStatus(), session.updatedAt(), null,
                null, null, null, null, type == SurveyEventType.SURVEY_STARTED ? session.fallbackFrom() : null);
    }

    SurveyEvent withAnswer(QuestionResult recorded) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, recorded, answers, reason, eventId, sequence, fallbackFrom);
    }

    SurveyEvent withAnswers(List<QuestionResult> all) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, answer, List.copyOf(all), reason, eventId, sequence, fallbackFrom);
    }

    SurveyEvent withReason(String why) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, answer, answers, why, eventId, sequence, fallbackFrom);
    }

    /** This event as the {@code sequence}-th of its session, with the id consumers drop repeats by. */
    public SurveyEvent numbered(long number) {
        return new SurveyEvent(eventType, sessionId, surveyId, surveyTo, surveyMedium, languageSet, surveyStatus,
                time, answer, answers, reason, sessionId + "/" + number, number, fallbackFrom);
    }
}
