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

    /** Twilio's default opt-out keywords: Twilio stops delivering to the sender whatever we do. */
    static final Set<String> OPT_OUT_KEYWORDS =
            Set.of("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout");
    static final Set<String> HELP_KEYWORDS = Set.of("help", "info");
    static final Set<String> OPT_IN_KEYWORDS = Set.of("start", "unstop", "yes");

    private Replies() {
    }

    /** Lower case, no accents, words separated by one space, no punctuation. */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String unaccented = MARKS.matcher(decomposed).replaceAll("");
        return NOT_WORD.matcher(unaccented.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
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
