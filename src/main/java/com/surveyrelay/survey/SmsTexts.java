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

    private static List<String> cut(String paragraph) {
        List<String> pieces = new ArrayList<>();
        String rest = paragraph;
        while (rest.length() > MAX_CHARACTERS) {
            int at = rest.lastIndexOf('\n', MAX_CHARACTERS);
            if (at <= 0) {
                at = rest.lastIndexOf(' ', MAX_CHARACTERS);
            }
            if (at <= 0) {
                at = PlainText.prefixEnd(rest, MAX_CHARACTERS);
            }
            pieces.add(rest.substring(0, at).stripTrailing());
            rest = rest.substring(at).stripLeading();
        }
        if (!rest.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }
}
