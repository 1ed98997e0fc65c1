package com.surveyrelay.twilio;

import java.util.Map;

/**
 * A text's body as Twilio may list it after sending, so a body we sent is still recognised in Twilio's message list.
 * Twilio's Smart Encoding (a Messaging Service setting, on by default for new services) replaces Unicode lookalikes
 * with GSM-7 characters before sending, and Twilio lists the replaced body: curly quotes become straight ones, long
 * dashes a hyphen, the ellipsis three full stops, the odd spaces a blank. A Messaging Service may also append text
 * (its compliance line, "Reply STOP to unsubscribe"). Only the common characters are folded here, on both sides of a
 * comparison; a body that differs otherwise is another text.
 */
final class SmartEncoding {

    /** Unicode lookalikes and the GSM-7 characters Smart Encoding sends instead (a character it drops maps to ""). */
    private static final Map<Character, String> GSM = Map.ofEntries(
            Map.entry('\u00ab', "\""), Map.entry('\u00bb', "\""), Map.entry('\u201c', "\""),
            Map.entry('\u201d', "\""), Map.entry('\u201e', "\""), Map.entry('\u201f', "\""),
            Map.entry('\u2033', "\""), Map.entry('\uff02', "\""),
            Map.entry('\u2018', "'"), Map.entry('\u2019', "'"), Map.entry('\u201a', "'"), Map.entry('\u201b', "'"),
            Map.entry('\u2032', "'"), Map.entry('\u02bc', "'"), Map.entry('\uff07', "'"),
            Map.entry('\u2010', "-"), Map.entry('\u2011', "-"), Map.entry('\u2012', "-"), Map.entry('\u2013', "-"),
            Map.entry('\u2014', "-"), Map.entry('\u2015', "-"), Map.entry('\u2212', "-"),
            Map.entry('\u2026', "..."),
            Map.entry('\u00a0', " "), Map.entry('\u2002', " "), Map.entry('\u2003', " "), Map.entry('\u2009', " "),
            Map.entry('\u200a', " "), Map.entry('\u202f', " "), Map.entry('\u205f', " "), Map.entry('\u3000', " "),
            Map.entry('\u200b', ""), Map.entry('\ufeff', ""));

    private SmartEncoding() {
    }

    /**
     * Whether Twilio's listed body is the text sent as {@code sent}: equal once both are folded as Smart Encoding
     * folds them ({@link #gsm}), or starting so (a Messaging Service appended to it).
     *
     * @param listed the body as Twilio lists it; null for none
     * @param sent the body as we sent it
     * @return false for a null or empty {@code listed} or {@code sent}
     */
    static boolean listedAs(String listed, String sent) {
        if (listed == null || listed.isEmpty() || sent == null || sent.isEmpty()) {
            return false;
        }
        return listed.equals(sent) || gsm(listed).startsWith(gsm(sent));
    }

    /** {@code text} with each character of {@link #GSM} replaced as Smart Encoding replaces it. */
    static String gsm(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int at = 0; at < text.length(); at++) {
            char character = text.charAt(at);
            String replaced = GSM.get(character);
            if (replaced == null) {
                folded.append(character);
            } else {
                folded.append(replaced);
            }
        }
        return folded.toString();
    }
}
