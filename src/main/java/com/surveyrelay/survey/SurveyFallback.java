package com.surveyrelay.survey;

/**
 * Channel fallback for a survey's calls, both off unless turned on ({@code "fallback"} in
 * {@code survey-config.json}, or the service's {@code FALLBACK_*} settings for surveys that say nothing).
 *
 * @param smsWhenCallUnanswered a call that ends busy, unanswered, failed or answered by a machine ({@code machine})
 *     starts the SMS survey instead
 * @param smsAfterDroppedCall a call that hangs up mid-survey (or that the service hung up on when storage failed,
 *     {@link SurveyProcessor#STORAGE_UNAVAILABLE}) is continued by text from its first unanswered question, keeping
 *     the answers given
 */
public record SurveyFallback(boolean smsWhenCallUnanswered, boolean smsAfterDroppedCall) {

    public static final SurveyFallback OFF = new SurveyFallback(false, false);

    /** Whether a call that ended for {@code reason} (a session's {@code endReason}) falls back to SMS. */
    public boolean appliesTo(String reason) {
        return switch (reason == null ? "" : reason) {
            // A voicemail or fax took the call (answering-machine detection): the respondent was not reached.
            case "busy", "no-answer", "failed", SurveyProcessor.MACHINE -> smsWhenCallUnanswered;
            // Dropped: by the caller, or by us when storage failed a step twice; either way, cut off mid-survey.
            case "hangup", SurveyProcessor.STORAGE_UNAVAILABLE -> smsAfterDroppedCall;
            default -> false;
        };
    }
}
