package com.surveyrelay.survey;

import java.util.regex.Pattern;

/**
 * A curly or angle quote (“ ” ‘ ’ « »), a fullwidth one, a dash or an ellipsis where a JSON value starts, as a word
 * processor's smart quotes put one: {@code "surveyId": “nps”}. Jackson 2.19's byte parser reports such a character
 * by its second UTF-8 byte, a continuation byte (0x80 to 0xBF: {@code Invalid UTF-8 start byte 0x80} for U+2010 to
 * U+203F, {@code 0xab} for «, {@code 0xbc} for a fullwidth quote), and Windows-1252 text's curly quotes (0x93, 0x94)
 * alike: true of a valid UTF-8 file, so an author re-saved the file's encoding, which changed nothing (a survey
 * author's probe, 2026-12-07; « and fullwidth quotes a reviewer's, 2026-12-07). The same reply reached API clients.
 */
public final class SmartQuotes {

    /** What is said instead: the likely character. */
    public static final String WHAT = "a curly or angle quote (“ ” ‘ ’ « »), a dash or another typographic character "
            + "where a value starts";
    /** And what JSON wants instead, after a colon. */
    public static final String WHY = "JSON text opens and closes with straight double quotes (\"), which a word "
            + "processor's smart quotes replace; retype the quotes in a plain text editor";

    /** Jackson's message for a continuation byte, 0x80 to 0xBF, where a character should start. */
    private static final Pattern AT_VALUE = Pattern.compile("Invalid UTF-8 start byte 0x[89abAB][0-9a-fA-F]\\b.*",
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
