package com.surveyrelay.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbound webhooks a session has already applied, with what they were answered: texts by Twilio
 * {@code MessageSid}, and the call's last step by the turn its URL named. Twilio delivers a webhook at least
 * once (retries after a timeout or a 5xx, fallback URLs, replays), so a text or call step seen again is
 * answered as the first time and changes nothing. Kept in the session document, written by the same
 * conditional write as the step, so it holds across restarts and instances.
 *
 * <p>Only the last {@value #KEPT} texts are kept: a repeat comes within minutes (Twilio retries for at most
 * 15 s a try), and a session never sees that many texts between a text and its repeat. Only the last call step
 * is kept: a call asks one thing at a time, so the step Twilio repeats is the one the caller has not yet heard
 * answered; a repeat of an older one is answered with the current step, as before.
 *
 * @param messages oldest first
 * @param callStep the call's last step that moved it on or ended it; null before there is one (and in documents
 *     written before it was kept)
 * @param callSid Twilio's {@code CallSid} of the call the session is bound to ({@code CA} and 32 hex digits): the
 *     call of the first call webhook (voice step or status callback) the session stored; a webhook of any other call
 *     changes nothing ({@code CallWebhooks}). Null before the first one, for texts, and in documents written before it
 *     was kept
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Inbox(List<InboundMessage> messages, CallStep callStep, String callSid) {

    public static final Inbox EMPTY = new Inbox(List.of(), null, null);
    static final int KEPT = 50;

    public Inbox {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /**
     * One applied text.
     *
     * @param messageSid Twilio's id of the inbound message ({@code SM...} or {@code MM...}, 34 characters)
     * @param replies the texts it was answered with, in order; empty when it was answered with nothing
     * @param deliveryId which webhook delivery of the text applied it (8 hex digits the webhook drew, the same as
     *     on the copy it kept should storage fail); null when a kept copy applied it, and in documents written before
     *     it was recorded
     * @param repliedByRest true when {@code replies} went through the Twilio REST API rather than in a webhook's TwiML:
     *     the text was applied from the queue of kept texts, or its webhook's write landed while S3 failed to say so
     *     and the kept copy sent them. A repeat of the text is answered with nothing
     * @param earlierSession true for a text the number's previous session applied ({@link #earlierTexts}), not this
     *     one: its repeat is answered with nothing, and it is no sign that the respondent answered this survey
     */
    public record InboundMessage(String messageSid, List<String> replies,
            @JsonInclude(JsonInclude.Include.NON_NULL) String deliveryId,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean repliedByRest,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean earlierSession) {
        public InboundMessage {
            replies = List.copyOf(replies);
        }

        /** A text this session applied. */
        public InboundMessage(String messageSid, List<String> replies, String deliveryId, boolean repliedByRest) {
            this(messageSid, replies, deliveryId, repliedByRest, false);
        }
    }

    /**
     * Whether the session applied a text of its own: one the respondent sent in it, not one of the number's previous
     * session's ({@link InboundMessage#earlierSession}).
     */
    public boolean textedInThisSession() {
        return messages.stream().anyMatch(message -> !message.earlierSession());
    }

    /**
     * One applied call step.
     *
     * @param turn the {@code turn} of the webhook URL it came to (0 and up)
     * @param twiml the TwiML document it was answered with, as sent
     */
    public record CallStep(int turn, String twiml) {
    }

    public Optional<InboundMessage> find(String messageSid) {
        return messages.stream().filter(message -> message.messageSid().equals(messageSid)).findFirst();
    }

    /** This inbox with one more applied text, dropping the oldest beyond {@value #KEPT}. */
    public Inbox with(InboundMessage applied) {
        List<InboundMessage> more = new ArrayList<>(messages);
        more.add(applied);
        return new Inbox(more.size() > KEPT ? more.subList(more.size() - KEPT, more.size()) : more, callStep,
                callSid);
    }

    /** This inbox with the text {@code messageSid} marked {@link InboundMessage#repliedByRest() replied by REST}. */
    public Inbox withRepliedByRest(String messageSid) {
        return withRepliedByRest(messageSid, true);
    }

    /**
     * This inbox with the text {@code messageSid} marked {@link InboundMessage#repliedByRest() replied by REST}, or
     * with that mark taken back ({@code byRest} false): its replies did not go out after all, so a repeat of the text
     * is answered with them.
     */
    public Inbox withRepliedByRest(String messageSid, boolean byRest) {
        return new Inbox(messages.stream().map(message -> message.messageSid().equals(messageSid)
                ? new InboundMessage(messageSid, message.replies(), message.deliveryId(), byRest,
                        message.earlierSession()) : message).toList(),
                callStep, callSid);
    }

    /**
     * The texts a number's previous texted session applied, for its next session to start with, each to be answered
     * with nothing: Twilio redelivers a text at least once, and a repeat arriving after the number's next survey began
     * was taken as an answer to it (the old survey's "9" stored as the new survey's first answer: a results analyst's
     * probe, 2026-12-06).
     *
     * @param previous the previous session's inbox
     * @return an inbox of its texts' {@code MessageSid}s, without replies, call step or call
     */
    public static Inbox earlierTexts(Inbox previous) {
        return new Inbox(previous.messages().stream()
                .map(message -> new InboundMessage(message.messageSid(), List.of(), null, false, true)).toList(), null,
                null);
    }

    /** The TwiML the call step to {@code turn} was answered with, when it is the one kept. */
    public Optional<String> answerToCallStep(int turn) {
        return callStep != null && callStep.turn() == turn ? Optional.of(callStep.twiml()) : Optional.empty();
    }

    /** This inbox keeping the call step to {@code turn}, answered with {@code twiml}, in place of the last one. */
    public Inbox withCallStep(int turn, String twiml) {
        return new Inbox(messages, new CallStep(turn, twiml), callSid);
    }

    /** This inbox bound to the call {@code sid} (see {@code callSid}); a bound one keeps its call. */
    public Inbox boundTo(String sid) {
        return callSid != null ? this : new Inbox(messages, callStep, sid);
    }
}
