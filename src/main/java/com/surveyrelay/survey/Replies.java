package com.surveyrelay.survey;

import java.text.Normalizer;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares what a respondent texted or said with the words a survey expects. People type "Español!",
 * "espanol" or "ESPANOL please", and speech recognition drops accents: all of them must mean the same.
 */
public final class Replies {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** The keycap ten emoji, 🔟. */
    private static final int KEYCAP_TEN = 0x1F51F;

    /** Twilio's default opt-out keywords: Twilio stops delivering to the sender whatever we do. */
    static final Set<String> OPT_OUT_KEYWORDS =
            Set.of("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout");
    static final Set<String> HELP_KEYWORDS = Set.of("help", "info");
    static final Set<String> OPT_IN_KEYWORDS = Set.of("start", "unstop", "yes");

    private Replies() {
    }

    /** Lower case, no accents, words separated by one space, no punctuation; digits of any script as ASCII. */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = asciiDigits(Normalizer.normalize(text, Normalizer.Form.NFKD));
        String unaccented = MARKS.matcher(decomposed).replaceAll("");
        return NOT_WORD.matcher(unaccented.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /**
     * The text with every decimal digit of another script written as its ASCII digit: Arabic-Indic "٩" (U+0669),
     * Persian "۹" (U+06F9) and Devanagari "९" (U+096F) are 9, as are the digits of every other script Unicode gives
     * the {@code Nd} category. NFKD leaves them alone (it only folds compatibility forms: full-width "９" and
     * mathematical "𝟗"), so an Arabic or Hindi speaker's score was refused as "not a number". Other characters, and
     * numerals that are not decimal digits (Roman "Ⅸ", CJK "九"), are kept as they are. The keycap ten emoji
     * "🔟" (U+1F51F) is 10: the keycap digits "0️⃣" to "9️⃣" are a digit and marks, which lose their marks with the
     * accents, and phones offer 🔟 beside them, so a respondent scoring 10 in keycaps sent one that was no number
     * until 2026-12-05.
     *
     * @param text any text; not null
     * @return the same text when it has no such digit, otherwise a copy with them replaced
     */
    static String asciiDigits(String text) {
        StringBuilder folded = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            boolean foreignDigit = (codePoint < '0' || codePoint > '9')
                    && Character.getType(codePoint) == Character.DECIMAL_DIGIT_NUMBER;
            boolean keycapTen = codePoint == KEYCAP_TEN;
            if ((foreignDigit || keycapTen) && folded == null) {
                folded = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (keycapTen) {
                folded.append("10");
            } else if (foreignDigit) {
                folded.append((char) ('0' + Character.digit(codePoint, 10)));
            } else if (folded != null) {
                folded.appendCodePoint(codePoint);
            }
            i += width;
        }
        return folded == null ? text : folded.toString();
    }

    /** True when the normalised reply is one of the words, or starts with one of them as a whole word. */
    static boolean startsWithAny(String normalisedReply, Collection<String> words) {
        for (String word : words) {
            if (!word.isEmpty() && (normalisedReply.equals(word) || normalisedReply.startsWith(word + " "))) {
                return true;
            }
        }
        return false;
    }

    /** True for a word Twilio itself acts on (opt-out, opt-in, help), whatever the survey does. */
    public static boolean isTwilioKeyword(String normalisedWord) {
        return OPT_OUT_KEYWORDS.contains(normalisedWord) || HELP_KEYWORDS.contains(normalisedWord)
                || OPT_IN_KEYWORDS.contains(normalisedWord);
    }
}
