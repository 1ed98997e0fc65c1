package com.surveyrelay.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.surveyrelay.survey.Channel;
import com.surveyrelay.survey.E164;
import java.util.List;

/**
 * An inbound text kept on the retry queue while storage was unavailable: what its webhook carried; or, once applied,
 * the replies to it that Twilio did not take when they were first sent, kept to be sent again.
 *
 * @param from the respondent as Twilio wrote it: an E.164 number for SMS, {@code whatsapp:+E164} for WhatsApp
 * @param body the text as sent (Twilio's {@code Body})
 * @param optOutType Twilio's {@code OptOutType}, or null
 * @param messageSid Twilio's {@code MessageSid}: applied once, however often the queue delivers it
 * @param repliesToSend null for a text still to apply; for one applied already, the replies still to send, in order
 *     (at least one)
 * @param repliesKeptAt with {@code repliesToSend}, when Twilio first failed to take them (epoch milliseconds), so that
 *     keeping the rest again after a first went out does not restart their time; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeptText(String from, String body, String optOutType, String messageSid, List<String> repliesToSend,
        Long repliesKeptAt) {

    public KeptText {
        repliesToSend = repliesToSend == null ? null : List.copyOf(repliesToSend);
    }

    /** A text still to apply. */
    public KeptText(String from, String body, String optOutType, String messageSid) {
        this(from, body, optOutType, messageSid, null, null);
    }

    /**
     * This text, applied, with {@code replies} (at least one) still to send; kept since {@code keptAt} (epoch ms), or
     * since the time these replies' first keeping recorded.
     */
    public KeptText withRepliesToSend(List<String> replies, long keptAt) {
        return new KeptText(from, body, optOutType, messageSid, replies,
                repliesKeptAt != null ? repliesKeptAt : keptAt);
    }

    /**
     * What SQS deduplicates the message by on a FIFO queue: the {@code MessageSid} for a text to apply; for replies to
     * send, the sid and how many are left, so that keeping them again after a first one went out is a new message.
     */
    String deduplicationId() {
        return repliesToSend == null ? messageSid : messageSid + "-replies-" + repliesToSend.size();
    }

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
