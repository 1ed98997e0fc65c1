package com.surveyrelay.storage;

import java.time.Instant;

/**
 * Which session an inbound text from a number belongs to: SMS webhooks carry the sender's number, not our
 * session id.
 *
 * @param sessionId the number's current SMS session
 * @param etag what a conditional write taking the number over must match
 * @param pointedAt when the pointer was written (the object's {@code Last-Modified}, to the second)
 */
public record SmsConversation(String sessionId, String etag, Instant pointedAt) {
}
