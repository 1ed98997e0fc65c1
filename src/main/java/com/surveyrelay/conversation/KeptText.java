package com.surveyrelay.conversation;

/**
 * An inbound text kept on the retry queue while storage was unavailable: what its webhook carried.
 *
 * @param from the respondent's E.164 number
 * @param body the text as sent (Twilio's {@code Body})
 * @param optOutType Twilio's {@code OptOutType}, or null
 * @param messageSid Twilio's {@code MessageSid}: applied once, however often the queue delivers it
 */
public record KeptText(String from, String body, String optOutType, String messageSid) {
}
