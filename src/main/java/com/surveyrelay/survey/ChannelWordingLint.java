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

    /** Where an instruction starts: the line's or a sentence's start (not a question's "¿"), or after "please". */
    private static final String INSTRUCTION_START = "(?:^|[.!:;]\\s*|\\b(?:please|then|por favor|puis)\\s+)";
    /** A single letter, as a text asks for: "Y", "«\u00A0O\u00A0»", "“N”". */
    private static final String LETTER = "[\"'«“‘]?\\s*\\p{L}\\s*[\"'»”’]?(?!\\p{L})";
    /**
     * An instruction only a text can follow, in English, Spanish or French, anywhere in the line: letters to reply
     * ("Reply Y or N", "You can reply with Y or N", "Reply Y for yes or N for no", "Responda S o N", "Répondez par O ou
     * N"); digits after a verb of texting ("Reply 1 for yes", "Text 2"; a call is asked to answer 1 to 5 too);
     * replying by text ("Respond by text", "Répondez par texto"); or, as an instruction, a verb of texting ("Text back
     * a number", "Escríbanos su respuesta", "Envoyez-nous"; not "Would you rather we call or text you?", "¿Lee y
     * escribe en inglés?", "Écrivez-vous des avis ?"). "Responda sí o no" suits both.
     */
    private static final Pattern TEXT_BACK = Pattern.compile("(?iU)(\\b(?:reply|answer|respond|send|text|responda"
            + "|responde|responder|conteste|contesta|contestar|mande|r[eé]pondez|r[eé]ponds|r[eé]pondre|envoyez"
            + "|textez|texte)\\s*:?\\s+(?:(?:with|con|par|by)\\s+)?" + LETTER + "(?:\\s+(?:for|para|pour)\\s+\\p{L}+)?"
            + "(?:\\s+(?:or|o|ou)\\s+|\\s*/\\s*)" + LETTER
            + "|\\b(?:reply|send|text|mande|envoyez|textez|texte)\\s*:?\\s+(?:(?:with|con|par)\\s+)?[0-9]{1,2}"
            + "(?![0-9])"
            + "|\\b(?:reply|respond|answer|responda|conteste|r[eé]pondez)\\s+(?:by|via|por|par)\\s+(?:text|sms|texto"
            + "|mensaje(?: de texto)?|message texte)\\b"
            + "|\\breply to this (?:message|text)\\b|\\btexte-nous\\b)"
            + "|" + INSTRUCTION_START + "((?:text\\s+(?:back|us|me)|escr[ií]banos|escr[ií]benos|escriba|escribe"
            + "|env[ií]enos|env[ií]e|m[aá]ndenos|[eé]crivez|envoyez|textez|type)\\b(?!-vous))");
    /**
     * A key to press, in a line a text carries: a verb of pressing or dialling and a key ("Press 1", "or press star",
     * "Dial 1", "Oprime 1", "marque el 1", "Puede oprimir 1", "Appuyez sur 1", "faites le 1", "Pesez sur le 1",
     * "Composez le 1"; not "press, radio or TV", "Press releases", "prix, marque ou service", "Appuyez-vous notre
     * projet ?"), a phone's keypad ("using your phone's keypad", "en su teclado", "sur le clavier"; not "the keypad on
     * our kiosk"), or a key named ("the pound key", "la tecla de gato", "key in").
     */
    private static final Pattern PRESS = Pattern.compile("(?iU)(\\b(?:press|push|dial|hit|tap|presione|presiona"
            + "|presionar|oprima|oprime|oprimir|pulse|pulsa|pulsar|marque|marca|marcar|digite|digitar|teclee|teclear"
            + "|appuyez|appuie|appuyer|composez|composer|faites|faire|pesez|peser)\\b(?!-)\\s+(?:(?:on|sur|el|la|le"
            + "|the)\\s+)*(?:(?:tecla|touche|key|n[uú]mero|num[eé]ro|chiffre)\\s+)?(?:[0-9#*]|one|two|star|pound"
            + "|hash|uno|dos|asterisco|gato|numeral|un|deux|[eé]toile|di[eè]se|carr[eé])(?![\\p{L}0-9])"
            + "|\\b(?:your|su|votre|the phone['’]s|your phone['’]s)\\s+(?:keypad|teclado|clavier)\\b"
            + "|\\b(?:on|with|using|en|con|sur|au)\\s+(?:the|el|le)\\s+(?:keypad|teclado|clavier)\\b"
            + "|\\b(?:pound|hash|star) key\\b|\\btecla (?:de )?(?:gato|numeral|asterisco)\\b|\\bkey in\\b)");

    private ChannelWordingLint() {
    }

    /**
     * @param survey a survey the loader accepted
     * @return e.g. {@code survey s: en-US (voice-prompts/survey-en-US.env) questionContactMe tells callers to "Reply
     *     Y or N", which a call cannot do: it is said on calls and texted; put the texted words in
     *     questionContactMeSMS, and word questionContactMe for calls (say or press)}, one per key and channel, in
     *     the languages' tag order and the questions' order; empty when every line suits its channels
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
            first(TEXT_BACK, line).ifPresent(asked -> warnings.add(where + key + " tells callers to \"" + asked
                    + "\", which a call cannot do: " + (shared ? "it is said on calls and texted; put the texted "
                            + "words in " + other + ", and word " + key + " for calls (say or press)"
                            : "word it for calls (say or press); texts say " + other)));
        }
        if (texted || shared) {
            first(PRESS, line).ifPresent(asked -> warnings.add(where + key + " tells texters to \"" + asked
                    + "\", which a text cannot do: " + (shared ? "it is said on calls and texted; put the texted "
                            + "words in " + other + " (reply with a word or a number)"
                            : "word it for texts (reply with a word or a number); calls say " + other)));
        }
    }

    /** The first instruction the line holds, as written (the group that matched), stripped. */
    private static Optional<String> first(Pattern instructions, String line) {
        Matcher found = instructions.matcher(line);
        if (!found.find()) {
            return Optional.empty();
        }
        String asked = found.group(1) != null ? found.group(1) : found.group(found.groupCount());
        return Optional.of(asked.strip());
    }
}
