package com.surveyrelay.survey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders a language file's prompts may hold, and the lint that refuses any other. {@link AnswerReader}
 * fills {@value #MIN} and {@value #MAX} in {@code answerOutOfRange}, {@code answerOutOfRangeDecimal} and
 * {@code answerWithKeypad}, and
 * {@value #OPTIONS} in {@code answerChoice}; no other prompt is filled, a question's own prompt included. It exists
 * because anything else written as a placeholder ({@code {foo}}, {@code {{1}}}, {@code {min}} in a question's
 * prompt, <code>&#123;min</code> without its closing brace) was texted and said to respondents as written.
 *
 * <p>A <code>&#123;</code> directly followed by a letter, a digit or {@code _} opens a placeholder, which runs to the
 * next brace or white space and must be exactly one the key has filled. Other braces (<code>:-&#123;</code>,
 * {@code { }}, {@code {}}) are prose and left alone.
 */
final class PromptPlaceholders {

    static final String MIN = "{min}";
    static final String MAX = "{max}";
    static final String OPTIONS = "{options}";

    /** The placeholders each prompt key has filled; a key not named here has none filled. */
    private static final Map<String, List<String>> FILLED = Map.of(
            Prompt.ANSWER_OUT_OF_RANGE.key(), List.of(MIN, MAX),
            Prompt.ANSWER_OUT_OF_RANGE_DECIMAL.key(), List.of(MIN, MAX),
            Prompt.ANSWER_WITH_KEYPAD.key(), List.of(MIN, MAX),
            Prompt.ANSWER_CHOICE.key(), List.of(OPTIONS));

    /** Whether the service fills placeholders in {@code key}'s prompt before it is texted or said. */
    static boolean fills(String key) {
        return FILLED.containsKey(key);
    }

    /** One form a prompt the service fills takes: its text, placeholders filled, and the question it is filled for. */
    record Filled(String text, String question) {
    }

    /**
     * The longest form a prompt the service fills ({@link #fills}) takes in this survey: for each question it is
     * said or texted at, the prompt as {@link AnswerReader} fills it ({@link AnswerReader#expected} at every question,
     * {@link AnswerReader#keypadExpected} at keypad questions too: {@value #OPTIONS} with every option's label and
     * key, {@value #MIN} and {@value #MAX} with the question's bounds). The lint measures this form against Twilio's
     * limits, since a prompt within a limit as written went over it once a long list of options was put in.
     *
     * @param language  the language as read, holding in its texts only the prompt measured (so that what {@link
     *                  AnswerReader} returns is that prompt filled, never another prompt it falls back on), with its
     *                  option labels
     * @param questions the survey's questions, as loaded
     * @param length    how a form is measured: UTF-8 bytes for a {@code <Say>}, UTF-16 characters for a text
     * @return the longest form (the first question's on a tie), or empty when no question fills the prompt
     */
    static Optional<Filled> longest(SurveyLanguage language, List<Question> questions, ToIntFunction<String> length) {
        Filled longest = null;
        for (Question question : questions) {
            List<Optional<String>> forms = question.type() == QuestionType.DTMF
                    ? List.of(AnswerReader.expected(language, question),
                            AnswerReader.keypadExpected(language, question))
                    : List.of(AnswerReader.expected(language, question));
            for (Optional<String> form : forms) {
                if (form.isPresent() && (longest == null
                        || length.applyAsInt(form.get()) > length.applyAsInt(longest.text()))) {
                    longest = new Filled(form.get(), question.name());
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    /** Opening braces, a name that starts with a letter, digit or _, and the closing braces that follow it, if any. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(\\{+)([\\p{L}\\p{N}_][^{}\\s]*)(}*)");
    /**
     * A placeholder's name written almost as one: in braces with blanks after the opening one (<code>&#123; min
     * &#125;</code>; one before the closing brace leaves the placeholder unclosed, refused as such), or in another
     * template language's marks ({@code %min%}). Respondents got it as written until 2026-12-07 (an author's
     * probe: "Please answer from { min } to 5000."); other braces with blanks stay prose.
     */
    private static final Pattern NEAR_MISS = Pattern.compile(
            "\\{\\s+(min|max|options)\\s*}|%(min|max|options)%",
            Pattern.CASE_INSENSITIVE);

    private PromptPlaceholders() {
    }

    /**
     * Adds a problem for each placeholder in {@code text} that {@code key}'s prompt does not have filled, and for
     * each one no <code>&#125;</code> closes, once each, in the order they appear.
     *
     * @param file the language file, as problems name it
     * @param key  the prompt's key: a standard prompt, a question's name or any other key of the file
     * @param text the prompt as written
     */
    static void check(String file, String key, String text, List<ConfigProblem> problems) {
        List<String> filled = FILLED.getOrDefault(key, List.of());
        Set<String> reported = new LinkedHashSet<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            String written = placeholder.group();
            if (!reported.add(written)) {
                continue;
            }
            if (placeholder.group(3).isEmpty()) {
                problems.add(new ConfigProblem(file, key, "\"" + written + "\" opens a placeholder that no } closes: "
                        + "respondents would get it as written"));
            } else if (!filled.contains(written)) {
                problems.add(new ConfigProblem(file, key, "\"" + written + "\" is not filled in " + key + ", which has "
                        + (filled.isEmpty() ? "no placeholder" : "only " + String.join(" and ", filled)) + " filled: "
                        + "respondents would get it as written"));
            }
        }
        Matcher nearMiss = NEAR_MISS.matcher(text);
        while (nearMiss.find()) {
            String written = nearMiss.group();
            if (reported.add(written)) {
                String name = "{" + written.replaceAll("[{}%\\s]", "").toLowerCase(java.util.Locale.ROOT) + "}";
                problems.add(new ConfigProblem(file, key, "\"" + written + "\" is no placeholder: write " + name
                        + (filled.contains(name) ? "" : " (which " + key + " does not have filled)")
                        + "; respondents would get it as written"));
            }
        }
    }
}
