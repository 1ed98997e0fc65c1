package com.surveyrelay.survey;

import java.util.regex.Pattern;

/**
 * A curly quote (“ ” ‘ ’), a dash or an ellipsis where a JSON value starts, as a word processor's smart quotes put
 * one: {@code "surveyId": “nps”}. Jackson 2.19's byte parser reports it as {@code Invalid UTF-8 start byte 0x80}
 * (the second byte of the character's UTF-8 form, U+2010 to U+203F), and Windows-1252 text's curly quotes (0x93,
 * 0x94) as {@code Invalid UTF-8 start byte 0x93}: true of a valid UTF-8 file, so an author re-saved the file's
 * encoding, which changed nothing (a survey author's probe, 2026-12-07). The same reply reached API clients.
 */
public final class SmartQuotes {

    /** What is said instead: the likely character. */
    public static final String WHAT = "a curly quote (“ ” ‘ ’), a dash or another typographic character where a value "
            + "starts";
    /** And what JSON wants instead, after a colon. */
    public static final String WHY = "JSON text opens and closes with straight double quotes (\"), which a word "
            + "processor's smart quotes replace; retype the quotes in a plain text editor";

    /** Jackson's message for a byte 0x80 to 0x9F where a character should start. */
    private static final Pattern AT_VALUE = Pattern.compile("Invalid UTF-8 start byte 0x[89][0-9a-fA-F]\\b.*",
            Pattern.DOTALL);

    private SmartQuotes() {
    }

    /**
     * How many columns Jackson's location is past the character's first byte: 2 for a UTF-8 character (its lead byte
     * and the 0x80 it reports), 1 for a Windows-1252 one. Jackson counts a line's columns in bytes.
     */
    static int columnsPast(String message) {
        return message.startsWith("Invalid UTF-8 start byte 0x80") ? 2 : 1;
    }

    /** Whether Jackson's {@code message} (its original message, without location) is such a character's. */
    public static boolean explain(String message) {
        return message != null && AT_VALUE.matcher(message).matches();
    }
}
