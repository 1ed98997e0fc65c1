package com.surveyrelay.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lint's warnings about a texted line that asks respondents to reply one of the keywords Twilio answers itself on
 * SMS (its Advanced Opt-Out defaults): an opt-in keyword ({@code START}, {@code YES}, {@code UNSTOP}: Twilio texts
 * its re-subscribe message), or an opt-out keyword asked for something else than opting out ("Reply CANCEL to skip",
 * "Reply STOP to skip this question": Twilio stops every text to the number, error 21610, and the survey reads an
 * opt-out). Until 2026-12-07 "To begin, reply START." and "May we contact you? Reply YES or STOP." loaded silently
 * (a survey author's and a breaker's probes). Any case counts, as Twilio's matching does ("Reply yes or no").
 * A warning and not a refusal, so that surveys already in the bucket keep loading.
 */
public final class TwilioKeywordLint {

    /**
     * A verb of replying, then the word asked for, any case, and a second one after "or" ("reply YES or NO", "Reply:
     * yes or no", "Text back YES", "Répondez « OUI » ou « NON »", "Mándenos YES o NO").
     */
    private static final Pattern ASKED = Pattern.compile("(?iu)\\b(?:reply|text(?: back)?|send(?: us)?|type|answer"
            + "|respond|responda|responde|conteste|contesta|escriba|escribe|env[ií]e(?:nos)?|env[ií]a(?:nos)?"
            + "|m[aá]ndenos|m[aá]ndanos|r[eé]pondez|r[eé]ponds|[eé]crivez|envoyez(?:-nous)?|textez|tapez)\\b"
            + "\\s*:?\\s*(?:(?:with|con|par)\\s+)?[\"'«“]?\\s*(\\p{L}+)(?:\\s*[\"'»”]?\\s*(?:or|o|ou)\\s*[\"'«“]?\\s*"
            + "(\\p{L}+))?");
    /** Yes or no asked without a verb of replying: "May we contact you? Yes or no?", "(yes/no)". */
    private static final Pattern YES_OR_NO = Pattern.compile("(?iu)\\byes\\s*(?:or|/)\\s*no\\b");
    /** What follows an opt-out keyword offered for opting out: "Reply STOP to opt out", "CANCEL to unsubscribe". */
    private static final Pattern FOR_OPTING_OUT = Pattern.compile("(?iu)^\\s*[\"'»”]?\\s*(?:to|para|pour)\\s+(?:opt"
            + "|unsubscribe|stop\\b|end (?:all|these|our)|no longer|darse de baja|dejar de|no recibir|vous d[eé]sabonner"
            + "|vous d[eé]sinscrire|ne plus|arr[eê]ter)");
    /** The opt-out keywords a line may offer for opting out only when it says so ("Reply STOP to opt out."). */
    private static final Set<String> OFFERED_FOR_OPTING_OUT = Set.of("stop", "stopall", "unsubscribe");
    /** The prompts that offer opting back in, where START is asked for on purpose ("Reply START to get them again"). */
    private static final Set<Prompt> OFFERING_OPT_IN = Set.of(Prompt.OPT_OUT_CONFIRMATION, Prompt.HELP_REPLY_OPTED_OUT,
            Prompt.SMS_STILL_STOPPED, Prompt.HELP_REPLY, Prompt.OPT_IN_CONFIRMATION);
    /** How to ask for yes by text in the shipped languages: a letter each reads alone ({@link NaturalAnswers}). */
    private static final Map<String, String> LETTER_FOR_YES = Map.of("en", "Y for yes", "es", "S para sí", "fr",
            "O pour oui");

    private TwilioKeywordLint() {
    }

    /**
     * @param survey a survey the loader accepted
     * @return e.g. {@code survey brk-b: en-US (voice-prompts/survey-en-US.env) questionContactMeSMS tells respondents
     *     to reply YES, one of Twilio's opt-in keywords: Twilio answers it with its re-subscribe message; ask texts
     *     for another word (Y for yes)}, one per key and keyword, in the languages' tag order; empty when no texted
     *     line asks for one
     */
    public static List<String> of(Survey survey) {
        List<String> warnings = new ArrayList<>();
        new TreeMap<>(survey.languages()).forEach((tag, language) -> texted(survey, language).forEach((key, text) -> {
            // "Yes or no?" with no verb before it asks for YES all the same (a newcomer's probe, 2026-12-07).
            Matcher bare = YES_OR_NO.matcher(text);
            if (bare.find() && !ASKED.matcher(text).find()) {
                problem(key, "yes", "", language).ifPresent(problem -> warnings.add(warning(survey, tag, key, "yes",
                        problem)));
            }
            Matcher asked = ASKED.matcher(text);
            while (asked.find()) {
                for (int group = 1; group <= 2; group++) {
                    String word = asked.group(group);
                    if (word != null) {
                        String after = text.substring(asked.end(group));
                        problem(key, word.toLowerCase(Locale.ROOT), after, language).ifPresent(problem ->
                                warnings.add(warning(survey, tag, key, word, problem)));
                    }
                }
            }
        }));
        return List.copyOf(warnings.stream().distinct().toList());
    }

    private static String warning(Survey survey, String tag, String key, String word, String problem) {
        return "survey " + survey.surveyId() + ": " + tag + " (" + SurveyConfigLoader.PROMPTS_FOLDER + "survey-" + tag
                + ".env) " + key + " tells respondents to reply " + word.toUpperCase(Locale.ROOT) + problem;
    }

    /**
     * Every line the language texts that asks for a reply: its standard prompts but those only said on a call, the
     * yes/no retry where a yes/no question is asked ({@code answerYesNoSMS}, else {@code answerYesNo}), and each
     * question's texted words ({@link SurveyLanguage#textedQuestionPrompt}), by key.
     */
    private static Map<String, String> texted(Survey survey, SurveyLanguage language) {
        Map<String, String> texted = new LinkedHashMap<>();
        boolean yesNo = survey.questions().stream().anyMatch(question -> question.type() == QuestionType.YES_NO);
        boolean ownYesNo = language.optionalText(Prompt.ANSWER_YES_NO_SMS).isPresent();
        for (Prompt prompt : Prompt.values()) {
            boolean yesNoRetry = prompt == Prompt.ANSWER_YES_NO || prompt == Prompt.ANSWER_YES_NO_SMS;
            if (prompt.saidOnly() || yesNoRetry && !yesNo || prompt == Prompt.ANSWER_YES_NO && ownYesNo) {
                continue;
            }
            language.optionalText(prompt).ifPresent(text -> texted.put(prompt.key(), text));
        }
        for (Question question : survey.questions()) {
            texted.put(question.name() + (language.hasTextedPrompt(question) ? LanguageFileReader.TEXTED_SUFFIX : ""),
                    language.textedQuestionPrompt(question));
        }
        return texted;
    }

    /**
     * What is wrong with asking for {@code word} in the line at {@code key}, {@code after} being the line's words
     * after it; empty for a word Twilio does not answer, START asked for in a line offering to opt back in, and an
     * opt-out keyword offered for opting out.
     */
    private static java.util.Optional<String> problem(String key, String word, String after, SurveyLanguage language) {
        boolean offersOptIn = OFFERING_OPT_IN.stream().anyMatch(prompt -> prompt.key().equals(key));
        if (Replies.OPT_IN_KEYWORDS.contains(word) && !(offersOptIn && !word.equals("yes"))) {
            return java.util.Optional.of(", one of Twilio's opt-in keywords: Twilio answers it with its re-subscribe "
                    + "message" + (key.equals(Prompt.CONTINUE_SMS.key())
                            ? ", and the survey reads it as an opt-in, not a go-ahead: one who does gets the welcome "
                                    + "again"
                            : "; ask texts for another word" + LETTER_FOR_YES.entrySet().stream()
                                    .filter(letter -> language.tag().startsWith(letter.getKey()))
                                    .map(letter -> " (" + letter.getValue() + ")").findFirst().orElse("")));
        }
        boolean forOptingOut = FOR_OPTING_OUT.matcher(after).find();
        if (Replies.OPT_OUT_KEYWORDS.contains(word) && !forOptingOut
                && !(OFFERED_FOR_OPTING_OUT.contains(word) && !SKIPPING.matcher(after).find())) {
            return java.util.Optional.of(", one of Twilio's opt-out keywords: Twilio stops every text to a respondent "
                    + "who does (error 21610), and the survey reads an opt-out; ask for another word");
        }
        return java.util.Optional.empty();
    }

    /** What STOP may be asked for that is no opt-out: "Reply STOP to skip this question". */
    private static final Pattern SKIPPING = Pattern.compile("(?iu)^\\s*[\"'»”]?\\s*(?:to|para|pour)\\s+(?:skip|pass"
            + "|go on|continue|move on|end the survey|finish|saltar|omitir|pasar|seguir|continuar|passer|sauter"
            + "|continuer)");
}
