package com.surveyrelay.storage;

/**
 * Which session an inbound text from a number belongs to: SMS webhooks carry the sender's number, not our
 * session id.
 */
public record SmsConversation(String sessionId, String etag) {
}
