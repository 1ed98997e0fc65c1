package com.surveyrelay.conversation;

/**
 * What a webhook route answers, once the step (and what it publishes) is stored.
 *
 * @param twiml the TwiML document to answer Twilio with
 */
public record WebhookReply(String twiml) {
}
