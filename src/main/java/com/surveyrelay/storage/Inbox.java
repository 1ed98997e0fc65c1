package com.surveyrelay.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbound texts a session has already applied, by Twilio {@code MessageSid}, with the replies they got.
 * Twilio delivers a webhook at least once (retries after a timeout or a 5xx, fallback URLs, replays), so a
 * text seen again is answered with the same replies and changes nothing. Kept in the session document,
 * written by the same conditional write as the step, so it holds across restarts and instances.
 *
 * <p>Only the last {@value #KEPT} texts are kept: a repeat comes within minutes (Twilio retries for at most
 * 15 s a try), and a session never sees that many texts between a text and its repeat.
 *
 * @param messages oldest first
 */
public record Inbox(List<InboundMessage> messages) {

    public static final Inbox EMPTY = new Inbox(List.of());
    static final int KEPT = 50;

    public Inbox {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /**
     * One applied text.
     *
     * @param messageSid Twilio's id of the inbound message ({@code SM...} or {@code MM...}, 34 characters)
     * @param replies the texts it was answered with, in order; empty when it was answered with nothing
     */
    public record InboundMessage(String messageSid, List<String> replies) {
        public InboundMessage {
            replies = List.copyOf(replies);
        }
    }

    public Optional<InboundMessage> find(String messageSid) {
        return messages.stream().filter(message -> message.messageSid().equals(messageSid)).findFirst();
    }

    /** This inbox with one more applied text, dropping the oldest beyond {@value #KEPT}. */
    public Inbox with(String messageSid, List<String> replies) {
        List<InboundMessage> more = new ArrayList<>(messages);
        more.add(new InboundMessage(messageSid, replies));
        return new Inbox(more.size() > KEPT ? more.subList(more.size() - KEPT, more.size()) : more);
    }
}
