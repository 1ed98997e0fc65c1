package com.surveyrelay.conversation;

import com.surveyrelay.survey.SurveyFallback;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's channel fallback for surveys whose {@code survey-config.json} says nothing
 * ({@code survey-relay.fallback.*}; both off by default).
 *
 * @param smsWhenCallUnanswered {@code FALLBACK_SMS_WHEN_CALL_UNANSWERED}: a busy, unanswered or failed call starts
 *     the SMS survey
 * @param smsAfterDroppedCall {@code FALLBACK_SMS_AFTER_DROPPED_CALL}: a call dropped mid-survey continues by text
 */
@ConfigurationProperties("survey-relay.fallback")
public record FallbackProperties(boolean smsWhenCallUnanswered, boolean smsAfterDroppedCall) {

    SurveyFallback asSurveyFallback() {
        return new SurveyFallback(smsWhenCallUnanswered, smsAfterDroppedCall);
    }
}
