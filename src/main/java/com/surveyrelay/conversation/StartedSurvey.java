package com.surveyrelay.conversation;

import java.util.Map;

/**
 * A survey that was started, deferred to the respondent's contact hours, or a repeated start request: the JSON
 * answer for the caller. What the start publishes is in the new session's outbox, delivered by the outbox relay.
 *
 * @param response {@code success}, {@code sessionId}, {@code surveyId}, {@code channel}, {@code language},
 *     {@code status}, {@code twilioSid}; for a deferred start {@code scheduled: true}, {@code scheduleId} and
 *     {@code scheduledFor}; for a repeat, {@code duplicate: true} with the first one's id
 * @param httpStatus 201 when started (or a repeat), 202 when deferred
 */
public record StartedSurvey(Map<String, Object> response, int httpStatus) {

    public StartedSurvey(Map<String, Object> response) {
        this(response, 201);
    }
}
