package com.surveyrelay.storage;

import java.time.Instant;

/**
 * Which session an inbound text from a number belongs to: SMS webhooks carry the sender's number, not our
 * session id.
 *
 * @param sessionId the number's current SMS session
 * @param etag what a conditional write taking the number over must match
 * @param pointedAt when the pointer was written (the object's {@code Last-Modified}, to the second)
 * @param firstTextUnknown true when Twilio never answered the session's first text ({@code twilio_outcome_unknown}):
 *     it may or may not have gone out, so a later start asks Twilio's list of messages before it takes the number
 */
public record SmsConversation(String sessionId, String etag, Instant pointedAt, boolean firstTextUnknown) {

    /** A pointer whose session's first text Twilio answered (or was never asked to send). */
    public SmsConversation(String sessionId, String etag, Instant pointedAt) {
        this(sessionId, etag, pointedAt, false);
    }
}
