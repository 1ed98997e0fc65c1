package com.surveyrelay.survey;

/**
 * The call an SMS session falls back from: one that went unanswered (busy, no answer, failed, a machine answered), or one dropped in
 * the middle whose answers the SMS session keeps and continues from the first unanswered question.
 *
 * @param sessionId the call's session
 * @param reason the call's end: {@code no-answer}, {@code busy}, {@code failed}, {@code machine} (a voicemail or fax
 *     answered), {@code hangup} or {@code storage-unavailable} (dropped by us, {@link
 *     SurveyProcessor#STORAGE_UNAVAILABLE})
 */
public record FallbackFrom(String sessionId, String reason) {

    /** True for a continuation of a dropped call, which keeps its answers. */
    public boolean continuesAnswers() {
        return "hangup".equals(reason) || SurveyProcessor.STORAGE_UNAVAILABLE.equals(reason);
    }
}
