package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The lint's warnings about a survey that loads: a standard prompt ({@link Prompt}) that one of its languages has and
 * another lacks, a question's texted prompt ({@code questionContactMeSMS}) likewise, and {@code continueSMS} or (with a
 * numeric question) {@code answerOutOfRange} that none has. The
 * optional prompts explain a wrong answer ({@code answerOutOfRange}, {@code answerChoice}), confirm an opt-out, answer
 * HELP and so on; a language without one runs, but its respondents go without what the others are
 * told: a Spanish respondent answering "once" to a 1 to 5 question got the bare question again where an English one
 * heard why (probe D51, 2026-12). A warning and not a refusal, so that surveys already in the bucket keep loading.
 * A language whose built-in line stands in for the prompt ({@code surveyClosed}, {@code surveyChanged},
 * {@code keypadFinish}, {@code textOnly}, {@code notUnderstoodGoodbye}, {@code questionSkipped} and
 * {@code optOutOfferSMS}, {@code inboundCallGreeting}, {@code smsStillStopped}, {@code declinedGoodbye} in English,
 * Spanish and French, {@link ClosedSurveyNotice}, {@link SurveyVersionChange}, {@link KeypadFinish},
 * {@link MediaOnlyText}, {@link OptOut}, {@link SkippedQuestion}, {@link TextOptOutOffer}, {@link InboundCallGreeting},
 * {@link SmsStillStopped}, {@link WelcomeDecline})
 * lacks nothing.
 */
public final class PromptGaps {

    /** The prompts with lines built in for some languages, and those lines. */
    private static final Map<Prompt, BuiltInLines> BUILT_IN = Map.ofEntries(
            Map.entry(Prompt.SURVEY_CLOSED, ClosedSurveyNotice.BUILT_IN),
            Map.entry(Prompt.SURVEY_CHANGED, SurveyVersionChange.BUILT_IN),
            Map.entry(Prompt.KEYPAD_FINISH, KeypadFinish.BUILT_IN),
            Map.entry(Prompt.TEXT_ONLY, MediaOnlyText.BUILT_IN),
            Map.entry(Prompt.NOT_UNDERSTOOD_GOODBYE, OptOut.NOT_UNDERSTOOD_GOODBYE),
            Map.entry(Prompt.QUESTION_SKIPPED, SkippedQuestion.BUILT_IN),
            Map.entry(Prompt.OPT_OUT_OFFER_SMS, TextOptOutOffer.BUILT_IN),
            Map.entry(Prompt.INBOUND_CALL_GREETING, InboundCallGreeting.BUILT_IN),
            Map.entry(Prompt.SMS_STILL_STOPPED, SmsStillStopped.BUILT_IN),
            Map.entry(Prompt.DECLINED_GOODBYE, WelcomeDecline.DECLINED_GOODBYE),
            Map.entry(Prompt.ANSWER_OUT_OF_RANGE_DECIMAL, DecimalRange.BUILT_IN));

    private PromptGaps() {
    }

    /**
     * One warning per language that lacks a standard prompt another language of the survey has, by language tag.
     *
     * @param survey a survey the loader accepted
     * @return e.g. {@code survey customer-satisfaction: es-MX (voice-prompts/survey-es-MX.env) has no
     *     answerOutOfRange, answerChoice, which en-US has: its respondents go without those lines}, the keys in
     *     {@link Prompt}'s order, grouped by the languages that have them ({@code ..., which en-US, fr-CA have;
     *     surveyClosed, which fr-CA has: ...}); empty when every language has the same standard prompts
     */
    public static List<String> of(Survey survey) {
        List<String> warnings = new ArrayList<>();
        new TreeMap<>(survey.languages()).forEach((tag, language) -> {
            // The missing keys by the languages that have them, so that each key is said with its own.
            Map<Set<String>, List<String>> missing = new LinkedHashMap<>();
            for (Prompt prompt : Prompt.values()) {
                // answerYesNoSMS has answerYesNo to stand in, and answerOutOfRangeDecimal answerOutOfRange where the
                // language has it: textedPromptGaps and decimalRangeGap say so, rather than "go without".
                if (language.optionalText(prompt).isPresent() || prompt == Prompt.ANSWER_YES_NO_SMS
                        || (BUILT_IN.containsKey(prompt) && BUILT_IN.get(prompt).has(tag))
                        || (prompt == Prompt.ANSWER_OUT_OF_RANGE_DECIMAL && (!takesDecimals(survey)
                                || language.optionalText(Prompt.ANSWER_OUT_OF_RANGE).isPresent()))) {
                    continue;
                }
                // A built-in line counts as the language's own: a German file beside the shipped English one lacked
                // keypadFinish, questionSkipped, surveyClosed... with no warning, as English has them built in, not
                // in its file (a survey author's probe, 2026-12-07).
                Set<String> holders = survey.languages().values().stream()
                        .filter(other -> other.optionalText(prompt).isPresent()
                                || BUILT_IN.containsKey(prompt) && BUILT_IN.get(prompt).has(other.tag()))
                        .map(SurveyLanguage::tag).collect(Collectors.toCollection(TreeSet::new));
                if (!holders.isEmpty()) {
                    missing.computeIfAbsent(holders, any -> new ArrayList<>()).add(prompt.key());
                }
            }
            if (!missing.isEmpty()) {
                int keys = missing.values().stream().mapToInt(List::size).sum();
                warnings.add("survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER
                        + "survey-" + tag + ".env) has no " + missing.entrySet().stream()
                        .map(gap -> String.join(", ", gap.getValue()) + ", which " + String.join(", ", gap.getKey())
                                + (gap.getKey().size() == 1 ? " has" : " have"))
                        .collect(Collectors.joining("; ")) + ": its respondents go without "
                        + (keys == 1 ? "that line" : "those lines"));
            }
        });
        warnings.addAll(missingEverywhere(survey));
        warnings.addAll(textedPromptGaps(survey));
        warnings.addAll(decimalRangeGaps(survey));
        return List.copyOf(warnings);
    }

    private static boolean takesDecimals(Survey survey) {
        return survey.questions().stream().anyMatch(KeypadDecimal::takesDecimals);
    }

    /**
     * A language whose {@code answerOutOfRange} stands in for its missing {@code answerOutOfRangeDecimal}
     * ({@link DecimalRange#line}: an author's own words come before a built-in line), where a number question takes
     * decimals: its respondents are told that line, whose words may ask for a whole number, e.g. {@code survey s:
     * de-DE (voice-prompts/survey-de-DE.env) has no answerOutOfRangeDecimal, which en-US has: its number questions
     * taking decimals retry with answerOutOfRange, which must not ask for a whole number} (", which ... has" only
     * where another language has the line in its file). Until 2026-12-08 such a language was told its respondents
     * "go without that line", or, in English, Spanish and French, nothing (a carried gap).
     */
    private static List<String> decimalRangeGaps(Survey survey) {
        if (!takesDecimals(survey)) {
            return List.of();
        }
        List<String> holders = survey.languages().values().stream()
                .filter(other -> other.optionalText(Prompt.ANSWER_OUT_OF_RANGE_DECIMAL).isPresent())
                .map(SurveyLanguage::tag).sorted().toList();
        List<String> warnings = new ArrayList<>();
        new TreeMap<>(survey.languages()).forEach((tag, language) -> {
            if (language.optionalText(Prompt.ANSWER_OUT_OF_RANGE_DECIMAL).isEmpty()
                    && language.optionalText(Prompt.ANSWER_OUT_OF_RANGE).isPresent()) {
                warnings.add("survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER
                        + "survey-" + tag + ".env) has no " + Prompt.ANSWER_OUT_OF_RANGE_DECIMAL.key()
                        + (holders.isEmpty() ? "" : ", which " + String.join(", ", holders)
                                + (holders.size() == 1 ? " has" : " have"))
                        + ": its number questions taking decimals retry with " + Prompt.ANSWER_OUT_OF_RANGE.key()
                        + ", which must not ask for a whole number");
            }
        });
        return warnings;
    }

    /**
     * A question's texted prompt ({@code questionContactMeSMS}, {@link SurveyLanguage#textedQuestionPrompt}) that one
     * language has and another lacks: the other's texts ask the question in the words written for calls ("press 1"),
     * e.g. {@code survey quarterly-nps: es-MX (voice-prompts/survey-es-MX.env) has no questionContactMeSMS, which
     * en-US has: its texts ask questionContactMe in the words its calls say}.
     */
    private static List<String> textedPromptGaps(Survey survey) {
        List<String> warnings = new ArrayList<>();
        boolean asksYesOrNo = survey.questions().stream().anyMatch(question -> question.type() == QuestionType.YES_NO);
        new TreeMap<>(survey.languages()).forEach((tag, language) -> {
            List<String> withTextedRetry = survey.languages().values().stream()
                    .filter(other -> other.optionalText(Prompt.ANSWER_YES_NO_SMS).isPresent())
                    .map(SurveyLanguage::tag).sorted().toList();
            if (asksYesOrNo && language.optionalText(Prompt.ANSWER_YES_NO_SMS).isEmpty()
                    && !withTextedRetry.isEmpty()) {
                // Its texts do get a retry line, the call's (a newcomer's probe, 2026-12-07: "go without" misled).
                warnings.add("survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER
                        + "survey-" + tag + ".env) has no " + Prompt.ANSWER_YES_NO_SMS.key() + ", which "
                        + String.join(", ", withTextedRetry) + (withTextedRetry.size() == 1 ? " has" : " have")
                        + ": its texts retry a yes/no question with " + Prompt.ANSWER_YES_NO.key()
                        + ", the line its calls say");
            }
            for (Question question : survey.questions()) {
                if (language.hasTextedPrompt(question)) {
                    continue;
                }
                List<String> holders = survey.languages().values().stream()
                        .filter(other -> other.hasTextedPrompt(question)).map(SurveyLanguage::tag).sorted().toList();
                if (!holders.isEmpty()) {
                    warnings.add("survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER
                            + "survey-" + tag + ".env) has no " + question.name() + LanguageFileReader.TEXTED_SUFFIX
                            + ", which " + String.join(", ", holders) + (holders.size() == 1 ? " has" : " have")
                            + ": its texts ask " + question.name() + " in the words its calls say");
                }
            }
        });
        return warnings;
    }

    /**
     * The two lines a texted survey cannot do without, when no language has them (each language lacking it, none
     * was warned of: a survey author's probe, 2026-12-07): {@code continueSMS}, which tells a texted welcome's
     * respondent how to begin (without it they guessed "5", got the welcome again and were not surveyed), and, with a
     * numeric question, {@code answerOutOfRange}, which tells a number that does not fit the range (without it "9"
     * to a 1 to 7 rating got the bare question again, twice, and the question was skipped).
     */
    private static List<String> missingEverywhere(Survey survey) {
        List<String> warnings = new ArrayList<>();
        java.util.function.Predicate<Prompt> none = prompt -> survey.languages().values().stream()
                .noneMatch(language -> language.optionalText(prompt).isPresent());
        if (none.test(Prompt.CONTINUE_SMS)) {
            warnings.add("survey " + survey.surveyId() + ": no language has continueSMS: a texted welcome never says "
                    + "how to begin (reply CONTINUE), and its respondents get the welcome again until they guess");
        }
        List<String> numeric = survey.questions().stream().filter(question -> question.type().numeric())
                .map(Question::name).toList();
        if (!numeric.isEmpty() && none.test(Prompt.ANSWER_OUT_OF_RANGE)) {
            warnings.add("survey " + survey.surveyId() + ": no language has answerOutOfRange: a number that does not "
                    + "fit " + String.join(", ", numeric) + " gets the bare question again, its range never said");
        }
        return warnings;
    }
}
