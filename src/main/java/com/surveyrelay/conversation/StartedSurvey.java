package com.surveyrelay.conversation;

import java.util.Map;

/**
 * A survey that was started (or a repeated start request): the JSON answer for the caller. What the start
 * publishes is in the new session's outbox, delivered by the outbox relay.
 *
 * @param response {@code success}, {@code sessionId}, {@code surveyId}, {@code channel}, {@code language},
 *     {@code status}, {@code twilioSid}; or, for a repeat, {@code duplicate: true} with the first one's id
 */
public record StartedSurvey(Map<String, Object> response) {
}
