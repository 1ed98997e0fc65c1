package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits what a step texts into messages Twilio accepts: a message body may hold at most {@value #MAX_CHARACTERS}
 * characters (Twilio error 21617, "the concatenated message body exceeds the 1600 character limit"; the message
 * is refused and the respondent gets nothing). Paragraphs are packed into as few messages as fit, in order, two
 * line breaks apart as in one message; a paragraph too long on its own is cut at a line break, else at a space,
 * else between two user-perceived characters ({@link PlainText#prefix}).
 */
public final class SmsTexts {

    /** Twilio's limit on one message body, in characters (UTF-16 code units, which never undercounts). */
    public static final int MAX_CHARACTERS = 1600;
    private static final String PARAGRAPH = "\n\n";

    private SmsTexts() {
    }

    /**
     * @param paragraphs the texts of one reply, in order; none null
     * @return the messages to send, in order, each at most {@value #MAX_CHARACTERS} characters; empty for none
     */
    public static List<String> fit(List<String> paragraphs) {
        List<String> pieces = new ArrayList<>();
        for (String paragraph : paragraphs) {
            pieces.addAll(cut(paragraph));
        }
        List<String> messages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String piece : pieces) {
            if (current.length() > 0 && current.length() + PARAGRAPH.length() + piece.length() > MAX_CHARACTERS) {
                messages.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(PARAGRAPH);
            }
            current.append(piece);
        }
        if (current.length() > 0) {
            messages.add(current.toString());
        }
        return messages;
    }

    /**
     * The messages {@link #fit} makes, but with {@code firstEnd} in the first: when the paragraphs fill more than one
     * message, it ends the first as a paragraph of its own, and the first holds that much less of them. A survey's
     * first text must say how to opt out (Twilio's Messaging Policy, CTIA Messaging Principles 5.1.2): a welcome
     * near the limit put that line in the second message, which a phone may show apart or late.
     *
     * @param firstEnd a paragraph of at most a few hundred characters, not blank
     * @return the messages to send, in order, each at most {@value #MAX_CHARACTERS} characters, the first ending with
     *     {@code firstEnd}
     */
    public static List<String> fit(List<String> paragraphs, String firstEnd) {
        int room = MAX_CHARACTERS - PARAGRAPH.length() - firstEnd.length();
        if (room < 1) {
            // A line as long as a message itself (a prompt may hold 1,600 characters): nothing fits beside it.
            List<String> alone = new ArrayList<>(paragraphs);
            alone.add(0, firstEnd);
            return fit(alone);
        }
        List<String> pieces = new ArrayList<>();
        for (String paragraph : paragraphs) {
            pieces.addAll(cut(paragraph));
        }
        StringBuilder first = new StringBuilder();
        int taken = 0;
        while (taken < pieces.size()) {
            String piece = pieces.get(taken);
            int needed = (first.length() > 0 ? PARAGRAPH.length() : 0) + piece.length();
            if (first.length() + needed <= room) {
                first.append(first.length() > 0 ? PARAGRAPH : "").append(piece);
                taken++;
            } else {
                if (first.length() == 0) {
                    // A piece longer than the first message's room: cut there, the rest goes on in the next.
                    int at = cutPoint(piece, room);
                    first.append(piece, 0, at);
                    first.setLength(first.toString().stripTrailing().length());
                    pieces.set(taken, piece.substring(at).stripLeading());
                }
                break;
            }
        }
        List<String> messages = new ArrayList<>();
        messages.add(first.length() > 0 ? first + PARAGRAPH + firstEnd : firstEnd);
        messages.addAll(fit(pieces.subList(taken, pieces.size())));
        return messages;
    }

    private static List<String> cut(String paragraph) {
        List<String> pieces = new ArrayList<>();
        String rest = paragraph;
        while (rest.length() > MAX_CHARACTERS) {
            int at = cutPoint(rest, MAX_CHARACTERS);
            pieces.add(rest.substring(0, at).stripTrailing());
            rest = rest.substring(at).stripLeading();
        }
        if (!rest.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    /** Where to cut {@code text}, longer than {@code limit}, so its head holds at most that: a line break, a space. */
    private static int cutPoint(String text, int limit) {
        int at = text.lastIndexOf('\n', limit);
        if (at <= 0) {
            at = text.lastIndexOf(' ', limit);
        }
        return at > 0 ? at : PlainText.prefixEnd(text, limit);
    }
}
