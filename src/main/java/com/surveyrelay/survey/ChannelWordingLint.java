package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lint's warnings about a question's words that ask for what the channel hearing them cannot do: a call told to
 * text back ("Reply Y or N.", "Text back a number."), a text told to press a key ("Press 1 for yes."). A question's
 * prompt ({@code questionContactMe}) is said on calls, and texted too unless the file words the texts apart
 * ({@code questionContactMeSMS}, {@link SurveyLanguage#textedQuestionPrompt}); the yes/no retry likewise
 * ({@code answerYesNo}, {@code answerYesNoSMS}). Until 2026-12-08 a call prompt "Reply Y or N." loaded silently, and a
 * caller heard it read out (a carried gap). Only these lines, whose texted words have a key of their own, are read:
 * the other standard prompts are shared by both channels and have no such remedy. A warning and not a refusal, so that
 * surveys already in the bucket keep loading.
 */
public final class ChannelWordingLint {

    /** Where an instruction starts: the line's or a sentence's start, or after "please", "or", "and"... */
    private static final String INSTRUCTION_START = "(?:^|[.!?:;,¿¡(]\\s*|\\b(?:please|or|and|then|just|simply|por "
            + "favor|o|y|ou|et|puis)\\s+)";
    /**
     * An instruction only a text can follow, in English, Spanish or French: a verb of texting ("text back a number",
     * "Escriba su respuesta", "Envoyez 1"; not "Text messages"), or a letter to reply ("Reply Y or N", "Responda S o
     * N", "Répondez O ou N"), where a call asks to say yes or no ("responda sí o no" suits both).
     */
    private static final Pattern TEXT_BACK = Pattern.compile("(?iu)" + INSTRUCTION_START + "((?:text(?:\\s+(?:back"
            + "|us))?(?!\\s+messages?\\b)|escriba|escribe|env[ií]e(?:nos)?|env[ií]a(?:nos)?|m[aá]ndenos|[eé]crivez"
            + "|envoyez(?:-nous)?|textez)\\b|(?:reply|answer|respond|responda|responde|conteste|contesta|r[eé]pondez"
            + "|r[eé]ponds)\\s*:?\\s*[\"'«“]?\\s*\\p{L}\\s*[\"'»”]?\\s*(?:or|o|ou|/)\\s*[\"'«“]?\\s*\\p{L}"
            + "(?!\\p{L}))");
    /** A verb of pressing a key, as an instruction: "Press 1 for yes", "or press 2", "Oprima 1", "Appuyez sur 1". */
    private static final Pattern PRESS = Pattern.compile("(?iu)" + INSTRUCTION_START
            + "(press|presione|oprima|pulse|marque|appuyez)\\b");

    private ChannelWordingLint() {
    }

    /**
     * @param survey a survey the loader accepted
     * @return e.g. {@code survey s: en-US (voice-prompts/survey-en-US.env) questionContactMe tells callers to "Reply
     *     Y or N": calls say it too; word the texts apart in questionContactMeSMS and this line for calls}, one per
     *     key and channel, in the languages' tag order and the questions' order; empty when every line suits its
     *     channels
     */
    public static List<String> of(Survey survey) {
        List<String> warnings = new ArrayList<>();
        boolean asksYesOrNo = survey.questions().stream().anyMatch(question -> question.type() == QuestionType.YES_NO);
        new TreeMap<>(survey.languages()).forEach((tag, language) -> {
            String where = "survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER
                    + "survey-" + tag + ".env) ";
            for (Question question : survey.questions()) {
                String key = question.name();
                check(where, key, language.questionPrompt(question), key + LanguageFileReader.TEXTED_SUFFIX,
                        !language.hasTextedPrompt(question), warnings);
                if (language.hasTextedPrompt(question)) {
                    check(where, key + LanguageFileReader.TEXTED_SUFFIX, language.textedQuestionPrompt(question), key,
                            false, warnings);
                }
            }
            if (asksYesOrNo) {
                Optional<String> textedRetry = language.optionalText(Prompt.ANSWER_YES_NO_SMS);
                language.optionalText(Prompt.ANSWER_YES_NO).ifPresent(retry -> check(where, Prompt.ANSWER_YES_NO.key(),
                        retry, Prompt.ANSWER_YES_NO_SMS.key(), textedRetry.isEmpty(), warnings));
                textedRetry.ifPresent(retry -> check(where, Prompt.ANSWER_YES_NO_SMS.key(), retry,
                        Prompt.ANSWER_YES_NO.key(), false, warnings));
            }
        });
        return List.copyOf(warnings);
    }

    /**
     * Warns of the line at {@code key}: said on calls unless {@code key} is the texted one (ends in {@code SMS}),
     * texted too when {@code shared}; {@code other} is the key that words the other channel.
     */
    private static void check(String where, String key, String line, String other, boolean shared,
            List<String> warnings) {
        boolean texted = key.endsWith(LanguageFileReader.TEXTED_SUFFIX);
        if (line == null) {
            return;
        }
        if (!texted) {
            first(TEXT_BACK, line).ifPresent(verb -> warnings.add(where + key + " tells callers to \"" + verb
                    + "\": " + (shared ? "calls say it too; word the texts apart in " + other + " and this line for "
                            + "calls" : "calls say it, and texts say " + other)));
        }
        if (texted || shared) {
            first(PRESS, line).ifPresent(verb -> warnings.add(where + key + " tells texters to \"" + verb + "\" a key: "
                    + (shared ? "texts say it too; word the texts apart in " + other
                            : "texts say it, and calls say " + other)));
        }
    }

    private static Optional<String> first(Pattern verbs, String line) {
        Matcher verb = verbs.matcher(line);
        return verb.find() ? Optional.of(verb.group(1)) : Optional.empty();
    }
}
