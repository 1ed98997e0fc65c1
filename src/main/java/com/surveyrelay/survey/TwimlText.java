package com.surveyrelay.survey;

/**
 * Text made safe to put in a TwiML document. XML 1.0 allows only tab, line feed, carriage return, U+0020 to U+D7FF,
 * U+E000 to U+FFFD and U+10000 to U+10FFFF (with its surrogates paired); a character outside them cannot be written
 * even as a reference ({@code &#0;}), and a document with one is not XML, so Twilio refuses the whole reply. A
 * respondent's text may hold such characters (a NUL, an escape from a broken keyboard, U+FFFE), and the SMS
 * summary quotes it back.
 */
public final class TwimlText {

    private TwimlText() {
    }

    /**
     * The text without the characters XML 1.0 forbids; every other character, emoji included, is kept as it is.
     *
     * @param text any text, or null
     * @return the same instance when nothing had to go (the usual case), null for null
     */
    public static String xmlSafe(String text) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (!allowedAt(text, i)) {
                return strip(text);
            }
        }
        return text;
    }

    private static String strip(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (allowedAt(text, i)) {
                kept.append(text.charAt(i));
            }
        }
        return kept.toString();
    }

    /** Whether the UTF-16 unit at {@code i} is allowed: a surrogate only as one half of a pair. */
    private static boolean allowedAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
