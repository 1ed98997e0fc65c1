package com.surveyrelay.conversation;

import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;

/**
 * An inbound text kept on the retry queue while storage was unavailable: what its webhook carried.
 *
 * @param from the respondent as Twilio wrote it: an E.164 number for SMS, {@code whatsapp:+E164} for WhatsApp
 * @param body the text as sent (Twilio's {@code Body})
 * @param optOutType Twilio's {@code OptOutType}, or null
 * @param messageSid Twilio's {@code MessageSid}: applied once, however often the queue delivers it
 */
public record KeptText(String from, String body, String optOutType, String messageSid) {

    /** The channel the text came in on. */
    public Channel channel() {
        return Channel.ofAddress(from);
    }

    /**
     * The respondent's number.
     *
     * @throws IllegalArgumentException when {@code from} holds no E.164 number
     */
    public E164 number() {
        return Channel.numberOf(from).orElseThrow(() -> new IllegalArgumentException("not a phone number: " + from));
    }
}
