package com.surveyrelay.survey;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads what a respondent pressed, said or texted as the answer to one question, in the session's language, and
 * says what a valid answer looks like when it is not one. Ambiguous input ({@code 4 or 5}, {@code yes no}, two
 * options) is never guessed: it reads as no answer, and the question is asked again with the expected form.
 *
 * <p>Recorded values: an {@link Integer} for {@code dtmf}, {@code rating}, {@code nps} and whole {@code number}
 * answers, a {@link BigDecimal} for a {@code number} with decimals, {@code "yes"} or {@code "no"} for
 * {@code yesNo}, the option's {@code value} for {@code choice}, and the stripped words for {@code speech} and
 * {@code text}.
 */
final class AnswerReader {

    /** The yes and no Twilio's recogniser is told to expect, per primary language subtag. */
    private static final Map<String, List<String>> YES_NO_HINTS = Map.of(
            "en", List.of("yes", "no"), "es", List.of("sí", "no"), "fr", List.of("oui", "non"));
    /**
     * A words answer that holds no word: punctuation alone ("?", "??", "...", "¿?", "-", "*"), with blanks or invisible
     * characters around it. It is confusion or a slip, not an answer: until 2026-12-05 a respondent texting "?" to
     * "What went wrong?" had it recorded as the answer and got the next question. Brackets are not in it, so an
     * emoticon (":)", ":-(") is an answer, as emoji and any letter or digit are.
     */
    private static final Pattern PUNCTUATION_ONLY =
            Pattern.compile("[\\p{Po}\\p{Pd}\\p{Pi}\\p{Pf}\\p{Pc}\\s\\p{Z}\\p{Cf}\\p{M}]+");
    /** Ranges with at most this many answers are hinted one by one; longer ones as a digit sequence. */
    private static final int HINTED_NUMBERS = 21;

    private AnswerReader() {
    }

    /** The value to record from typed input or keys, or empty when the input does not answer the question. */
    static Optional<Object> read(Question question, SurveyLanguage language, String raw) {
        return read(question, language, raw, false);
    }

    /**
     * The value to record, or empty when the input does not answer the question. A typed reply to a question that is
     * not free words is read without a mail app's signature at its end ({@link MailSignature#cut}), and one to a words
     * question without a phone's or mail app's own lines at its end ({@link MailSignature#cutClientLines}: one that is
     * nothing else is no answer); words Twilio heard ({@code spoken}) may be a number's homophone
     * ({@link NumberAnswers#spokenNumber}).
     *
     * @param input what was pressed, said or texted; null or blank is no answer
     * @param spoken whether {@code input} is Twilio's {@code SpeechResult}; false for keys and texts
     */
    static Optional<Object> read(Question question, SurveyLanguage language, String input, boolean spoken) {
        if (input == null || input.isBlank()) {
            return Optional.empty();
        }
        String raw = !question.type().freeText() ? MailSignature.cut(input)
                : spoken ? input : MailSignature.cutClientLines(input);
        String tag = language.tag();
        switch (question.type()) {
            case SPEECH:
            case TEXT:
                // Control characters (a NUL, an escape sequence) are no part of an answer, and a reply of nothing but
                // invisible characters (zero-width spaces) is no answer, as a blank one is not; nor is punctuation alone.
                String text = PlainText.withoutControls(raw).strip();
                return PlainText.invisible(text) || PUNCTUATION_ONLY.matcher(text).matches() ? Optional.empty()
                        : Optional.of(text);
            case YES_NO:
                return NaturalAnswers.yesNo(raw, tag, language.yesWords(), language.noWords())
                        .map(yes -> yes ? "yes" : "no");
            case CHOICE:
                List<NaturalAnswers.ChoiceLabels> options = question.options().stream()
                        .map(option -> new NaturalAnswers.ChoiceLabels(option.value(), option.key(),
                                language.labels(question, option)))
                        .toList();
                return NaturalAnswers.choice(raw, tag, options).map(value -> value);
            default:
                boolean decimals = question.type() == QuestionType.NUMBER && question.decimals();
                if (question.type() != QuestionType.NUMBER && NumberAnswers.namesATimeSpan(raw)) {
                    // "Call me back in 10 minutes" to a 0 to 10 score is no 10 (until 2026-12-07 it was).
                    return Optional.empty();
                }
                String said = spoken ? NumberAnswers.spokenNumber(raw, tag) : raw;
                return NaturalAnswers.number(said, tag, decimals, BigDecimal.valueOf(question.highest()))
                        .filter(number -> number.compareTo(BigDecimal.valueOf(question.lowest())) >= 0
                                && number.compareTo(BigDecimal.valueOf(question.highest())) <= 0)
                        .map(AnswerReader::recorded);
        }
    }

    private static Object recorded(BigDecimal number) {
        BigDecimal plain = number.stripTrailingZeros();
        return plain.scale() <= 0 ? (Object) plain.intValueExact() : plain;
    }

    /**
     * A recorded answer as the respondent reads it in their language: a choice option's first label, the language's
     * yes or no (sí/no, oui/non), a decimal with its locale's decimal separator (37,8 in French and in Spain's
     * Spanish, 37.8 in Mexico's: until 2026-12-07 always a point, a survey author's probe), anything else as
     * recorded.
     */
    static String shown(Question question, SurveyLanguage language, Object answer) {
        if (question.type() == QuestionType.CHOICE) {
            return question.options().stream().filter(option -> option.value().equals(answer.toString()))
                    .findFirst().map(option -> language.labels(question, option).get(0)).orElse(answer.toString());
        }
        if (question.type() == QuestionType.YES_NO) {
            List<String> words = yesAndNo(language);
            return "yes".equals(answer) ? words.get(0) : "no".equals(answer) ? words.get(1) : answer.toString();
        }
        if (answer instanceof BigDecimal || answer instanceof Double || answer instanceof Float) {
            // A stored session's decimal may be read back as a Double: the same digits either way.
            char separator = java.text.DecimalFormatSymbols.getInstance(Locale.forLanguageTag(language.tag()))
                    .getDecimalSeparator();
            return new BigDecimal(answer.toString()).toPlainString().replace('.', separator);
        }
        return answer.toString();
    }

    /**
     * The language's own yes and no, as two words: built in for English, Spanish and French; otherwise the first of
     * its file's {@code yesWords} and {@code noWords} as written, accents kept ({@link SurveyLanguage#shownYesOrNo};
     * which the lint requires of a language without built-in ones
     * once a survey asks yes or no); English only when the file gives neither. A German summary showed "yes".
     */
    private static List<String> yesAndNo(SurveyLanguage language) {
        List<String> builtIn = builtInYesAndNo(language.tag());
        if (!builtIn.isEmpty()) {
            return builtIn;
        }
        List<String> english = YES_NO_HINTS.get("en");
        return List.of(language.shownYesOrNo(true).orElse(english.get(0)),
                language.shownYesOrNo(false).orElse(english.get(1)));
    }

    /**
     * The built-in yes and no a yes-or-no question's {@code <Gather hints>} carries before the file's {@code yesWords}
     * and {@code noWords}, for a language tag ({@code es-MX}): two words for English, Spanish and French, none for
     * another language (whose first yes and no words stand for them). The lint counts them with the file's words
     * against Twilio's 500 hints (warning 13330).
     */
    static List<String> builtInYesAndNo(String tag) {
        return YES_NO_HINTS.getOrDefault(tag.split("-")[0].toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * What to say after words were heard at a {@code dtmf} question (keypad only; it listens for speech to hear an
     * opt-out): {@code answerWithKeypad}, else {@link #expected}.
     */
    static Optional<String> keypadExpected(SurveyLanguage language, Question question) {
        return language.optionalText(Prompt.ANSWER_WITH_KEYPAD).map(text -> text
                .replace(PromptPlaceholders.MIN, Integer.toString(question.lowest()))
                .replace(PromptPlaceholders.MAX, Integer.toString(question.highest())))
                .or(() -> expected(language, question));
    }

    /**
     * What a valid answer looks like, in the language's words: {@code answerOutOfRange} with {@code {min}} and
     * {@code {max}} for numbers ({@code answerOutOfRangeDecimal} at one taking decimals, {@link DecimalRange}),
     * {@code answerYesNo}, {@code answerChoice} with {@code {options}} (each option's
     * label and key, as {@code website (1), app (2)}), {@code answerMissing} for words. Empty when the language's
     * file has no such prompt.
     *
     * @param texted true for a text (SMS, WhatsApp): at a yes/no question {@code answerYesNoSMS} first
     */
    static Optional<String> expected(SurveyLanguage language, Question question, boolean texted) {
        return texted && question.type() == QuestionType.YES_NO
                ? language.optionalText(Prompt.ANSWER_YES_NO_SMS).or(() -> expected(language, question))
                : expected(language, question);
    }

    /**
     * As {@link #expected(SurveyLanguage, Question, boolean)} for a call, or a text without a texted line of its own:
     * the line said, and texted but where {@code answerYesNoSMS} stands in.
     */
    static Optional<String> expected(SurveyLanguage language, Question question) {
        return switch (question.type()) {
            case SPEECH, TEXT -> language.optionalText(Prompt.ANSWER_MISSING);
            case YES_NO -> language.optionalText(Prompt.ANSWER_YES_NO);
            case CHOICE -> language.optionalText(Prompt.ANSWER_CHOICE).map(text -> text.replace(
                    PromptPlaceholders.OPTIONS, question.options().stream().map(option -> language.labels(question,
                            option).get(0) + " (" + option.key() + ")").collect(Collectors.joining(", "))));
            default -> (KeypadDecimal.takesDecimals(question) ? DecimalRange.line(language)
                    : language.optionalText(Prompt.ANSWER_OUT_OF_RANGE)).map(text -> text
                    .replace(PromptPlaceholders.MIN, Integer.toString(question.lowest()))
                    .replace(PromptPlaceholders.MAX, Integer.toString(question.highest())));
        };
    }

    /**
     * The words Twilio's speech recogniser is told to expect for the question ({@code <Gather hints>}): the
     * language's yes and no, the options' labels, the numbers of a short range; empty for free words.
     */
    static String hints(SurveyLanguage language, Question question) {
        Set<String> hints = new LinkedHashSet<>();
        switch (question.type()) {
            case YES_NO:
                hints.addAll(yesAndNo(language));
                hints.addAll(language.yesWords());
                hints.addAll(language.noWords());
                break;
            case CHOICE:
                question.options().forEach(option -> hints.addAll(language.labels(question, option)));
                break;
            case RATING:
            case NPS:
            case NUMBER:
                if (question.highest() - question.lowest() < HINTED_NUMBERS) {
                    for (int number = question.lowest(); number <= question.highest(); number++) {
                        hints.add(Integer.toString(number));
                    }
                } else {
                    hints.add("$OOV_CLASS_DIGIT_SEQUENCE");
                }
                break;
            default:
                break;
        }
        return String.join(",", new ArrayList<>(hints));
    }
}
