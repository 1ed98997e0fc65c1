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
 * @param numMedia how many attachments the text carried (Twilio's {@code NumMedia}, as the webhook read it); null for
 *     none, and in copies kept before 2026-12-05
 *
 * <p>Fields it does not know are left out when read: a copy kept by a newer instance during a rolling upgrade (such
 * as {@code numMedia}, added 2026-12-05) is still applied, not refused and lost.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record KeptText(String from, String body, String optOutType, String messageSid, List<String> repliesToSend,
        Long repliesKeptAt, Integer numMedia) {

    public KeptText {
        repliesToSend = repliesToSend == null ? null : List.copyOf(repliesToSend);
        numMedia = numMedia == null || numMedia <= 0 ? null : numMedia;
    }

    /** A text still to apply, without attachments. */
    public KeptText(String from, String body, String optOutType, String messageSid) {
        this(from, body, optOutType, messageSid, null, null, null);
    }

    /** This text with {@code media} attachments (Twilio's {@code NumMedia}; 0 for none). */
    public KeptText withMedia(int media) {
        return new KeptText(from, body, optOutType, messageSid, repliesToSend, repliesKeptAt, media);
    }

    /** How many attachments the text carried: 0 for none. */
    public int media() {
        return numMedia == null ? 0 : numMedia;
    }

    /**
     * This text, applied, with {@code replies} (at least one) still to send; kept since {@code keptAt} (epoch ms), or
     * since the time these replies' first keeping recorded.
     */
    public KeptText withRepliesToSend(List<String> replies, long keptAt) {
        return new KeptText(from, body, optOutType, messageSid, replies,
                repliesKeptAt != null ? repliesKeptAt : keptAt, numMedia);
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
