package com.surveyrelay.survey;

import com.twilio.twiml.voice.Say;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The lint of what a call says and listens for against Twilio's limits, which a text's 1,600 characters do not cover.
 *
 * <ul>
 *   <li>{@code <Say>}: Twilio's warning 13521 ("{@code <Say>} element character limits exceeded",
 *   https://www.twilio.com/docs/api/errors/13521) limits the text of one {@code <Say>} to 3,000 "UTF-8 single byte
 *   characters" for an Amazon Polly voice, 5,000 for a Google voice and 4,096 for the basic voices ({@code man},
 *   {@code woman}, {@code alice}). Counted in UTF-8 bytes, so a prompt of 1,200 Japanese or 1,500 Cyrillic characters,
 *   within a text's 1,600 characters, is over a Polly voice's limit.
 *   <li>{@code <Gather hints>}: Twilio's warning 13330 ("Gather: Invalid hints value",
 *   https://www.twilio.com/docs/api/errors/13330) takes a comma-separated list of at most 500 entries, each of at
 *   most 100 characters. The hints a question's {@code <Gather>} carries are its options' words, or the yes and no
 *   words ({@link AnswerReader#hints}); the language offer's carry the languages' names; a keypad question listening
 *   for a spoken opt-out carries the opt-out words and phrases (cut to 500 by {@link CallTwiml#optOutHints}).
 * </ul>
 *
 * A prompt the service fills ({@code {options}}, {@code {min}}, {@code {max}}) is measured filled, at its longest
 * ({@link #checkFilledSay}). Past either limit Twilio warns and the call goes on without what it could not take: a prompt not said in full, or
 * a recogniser without its hints. The survey is refused instead, naming the file, the key and the limit.
 */
final class TwilioSpeechLimits {

    /** Twilio warning 13521: a Polly voice's {@code <Say>} text, in UTF-8 bytes. */
    static final int POLLY_SAY_BYTES = 3000;
    /** Twilio warning 13521: a Google voice's {@code <Say>} text, in UTF-8 bytes. */
    static final int GOOGLE_SAY_BYTES = 5000;
    /** Twilio warning 13521: a basic voice's ({@code man}, {@code woman}, {@code alice}) text, in UTF-8 bytes. */
    static final int BASIC_SAY_BYTES = 4096;
    /** Twilio warning 13330: characters in one entry of {@code <Gather hints>}. */
    static final int MAX_HINT_CHARACTERS = 100;
    /** Twilio warning 13330: entries in one {@code <Gather hints>}. */
    static final int MAX_HINTS = CallTwiml.MAX_HINTS;

    private TwilioSpeechLimits() {
    }

    /** The most UTF-8 bytes one {@code <Say>} in this voice may hold (Twilio warning 13521). */
    static int sayBytes(Say.Voice voice) {
        String name = voice.toString();
        if (name.startsWith("Polly.")) {
            return POLLY_SAY_BYTES;
        }
        return name.startsWith("Google.") ? GOOGLE_SAY_BYTES : BASIC_SAY_BYTES;
    }

    /**
     * Adds a problem when {@code text}, said in {@code voice}, is over the voice's {@code <Say>} limit.
     *
     * @param file the language file, as problems name it
     * @param key  the key whose value {@code text} is
     */
    static void checkSay(String file, String key, String text, Say.Voice voice, List<ConfigProblem> problems) {
        checkSay(file, key, text, "", voice, problems);
    }

    /**
     * As {@link #checkSay(String, String, String, Say.Voice, List)} for a prompt the service fills before it is said
     * ({@link PromptPlaceholders#fills}: {@code answerChoice}'s {@code {options}}, the {@code {min}} and {@code {max}}
     * of {@code answerOutOfRange} and {@code answerWithKeypad}): it measures the longest form a call can say, each
     * placeholder filled as {@link AnswerReader} fills it for each question the prompt is said at ({@link
     * PromptPlaceholders#longest}, in UTF-8 bytes), since a prompt within the limit as written went over once a long
     * list of options was put in. When no question of the survey fills it, the prompt is measured as written.
     *
     * @param language the language as read, holding in its texts only this prompt (so that what {@link AnswerReader}
     *     returns is this prompt filled, never another prompt it would fall back on), with its option labels
     * @param questions the survey's questions, as loaded
     */
    static void checkFilledSay(String file, String key, String text, SurveyLanguage language,
            List<Question> questions, List<ConfigProblem> problems) {
        PromptPlaceholders.longest(language, questions, TwilioSpeechLimits::bytes).ifPresentOrElse(
                filled -> checkSay(file, key, filled.text(), " once filled for " + filled.question(), language.voice(),
                        problems),
                () -> checkSay(file, key, text, language.voice(), problems));
    }

    private static void checkSay(String file, String key, String text, String filled, Say.Voice voice,
            List<ConfigProblem> problems) {
        int bytes = bytes(text);
        int limit = sayBytes(voice);
        if (bytes > limit) {
            problems.add(new ConfigProblem(file, key, "is " + bytes + " bytes in UTF-8" + filled + ": a call says it "
                    + "in one <Say>, which Twilio limits to " + limit + " for " + voice + " (warning 13521), so "
                    + "callers would not hear it in full; shorten it"));
        }
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Adds a problem for each hint over {@value #MAX_HINT_CHARACTERS} characters.
     *
     * @param key    the key the hints are written under ({@code questionChannel.phone}, {@code yesWords})
     * @param hints  the hints one {@code <Gather>} would carry from this key, as written
     * @param gather what the {@code <Gather>} listens for, for the message ({@code questionChannel})
     */
    static void checkHintLengths(String file, String key, Collection<String> hints, String gather,
            List<ConfigProblem> problems) {
        for (String hint : hints) {
            if (hint.length() > MAX_HINT_CHARACTERS) {
                problems.add(new ConfigProblem(file, key, "\"" + hint.substring(0, 20) + "...\" is " + hint.length()
                        + " characters: it is a speech hint of " + gather + "'s <Gather>, and Twilio takes hints of "
                        + "at most " + MAX_HINT_CHARACTERS + " (warning 13330); shorten it"));
            }
        }
    }

    /**
     * Adds a problem when {@code hint}, a phrase a {@code <Gather>} is hinted with whole (a language's name, which the
     * offer's {@code <Gather>} carries as it is written), holds a comma. Twilio reads {@code hints} as a
     * comma-separated list (warning 13330), so "Español, Latinoamérica" would be two hints, and the recogniser would
     * expect each part on its own rather than the name callers say. A comma is refused rather than counted as Twilio
     * would count it: the name is one phrase to the offer (its words are matched together, {@link
     * LanguageChoice#byVoice}), and hinted whole, the recogniser expects the whole phrase; the comma adds nothing to
     * what is said, nor to what is matched (punctuation is dropped). Lists of words ({@code yesWords}, option words)
     * are split at their commas already, each part one hint.
     *
     * @param gather what the {@code <Gather>} listens for, for the message ({@code the language offer})
     */
    static void checkOneHint(String file, String key, String hint, String gather, List<ConfigProblem> problems) {
        if (hint.contains(",")) {
            List<String> parts = Arrays.stream(hint.split(",")).map(String::strip).filter(part -> !part.isEmpty())
                    .map(part -> "\"" + part + "\"").toList();
            problems.add(new ConfigProblem(file, key, "\"" + hint + "\" holds a comma: it is a speech hint of "
                    + gather + "'s <Gather>, and Twilio splits hints at commas (warning 13330), so the recogniser "
                    + "would expect " + String.join(" and ", parts) + " apart, not the name callers say; write it "
                    + "without a comma"));
        }
    }

    /** Adds a problem when one {@code <Gather>} would carry more than {@value #MAX_HINTS} distinct hints. */
    static void checkHintCount(String file, String key, Collection<String> hints, String gather,
            List<ConfigProblem> problems) {
        long distinct = hints.stream().distinct().count();
        if (distinct > MAX_HINTS) {
            problems.add(new ConfigProblem(file, key, "gives " + gather + "'s <Gather> " + distinct + " speech hints, "
                    + "and Twilio takes at most " + MAX_HINTS + " (warning 13330); list fewer words"));
        }
    }
}
