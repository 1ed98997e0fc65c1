package com.surveyrelay.survey;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's messaging keywords (HELP, START and the rest of Advanced Opt-Out) met at a text survey's open step:
 * the help text when Twilio does not answer HELP itself, and whether a keyword Twilio acted on is also an answer. It
 * exists because Twilio answers its own keywords and the survey must neither answer them twice nor lose an answer
 * that happens to be one.
 */
public final class MessagingKeywords {

    /**
     * The {@code helpReplyOptedOut} line a language file without one gets, by the primary subtag of its tag. START
     * is Twilio's opt-in keyword on SMS, and an opt-in word of every language here (the English words count in each).
     */
    private static final Map<String, String> OPTED_OUT_HELP = Map.of(
            "en", "You have opted out and will get no more messages from us. Reply START to get them again.",
            "es", "Te diste de baja y no recibirás más mensajes nuestros. Responde START para volver a recibirlos.",
            "fr", "Vous êtes désabonné et ne recevrez plus de messages de notre part. Répondez START pour les "
                    + "recevoir à nouveau.");

    private MessagingKeywords() {
    }

    /**
     * The answer to HELP from a number on the suppression list, in {@code tag} (or the survey's default language
     * when the survey lacks it): the language file's {@code helpReplyOptedOut}, else the built-in line of its
     * language (English, Spanish, French).
     *
     * @return empty for another language whose file has no {@code helpReplyOptedOut}
     */
    public static Optional<String> optedOutHelpReply(Survey survey, String tag) {
        String language = tag != null && survey.hasLanguage(tag) ? tag : survey.defaultLanguage();
        return survey.language(language).optionalText(Prompt.HELP_REPLY_OPTED_OUT).or(() -> Optional.ofNullable(
                OPTED_OUT_HELP.get(language.split("-")[0].toLowerCase(Locale.ROOT))));
    }

    /**
     * The session's language's {@code helpReply}, or the survey's default language's when the session has none. At
     * the welcome, before the respondent has chosen, a help word of another of the survey's languages only ("AYUDA"
     * to a welcome in English that offers Spanish) gets that language's {@code helpReply} when it has one: until
     * 2026-12-06 it got the English one (a newcomer's probe).
     *
     * @param body the text as received
     * @return empty when that language's file has no {@code helpReply}
     */
    static Optional<String> helpReply(Survey survey, SurveySession session, String body) {
        String tag = session.languageSet() != null && survey.hasLanguage(session.languageSet())
                ? session.languageSet() : survey.defaultLanguage();
        if (session.currentState() == SessionStep.LANGUAGE_OFFER
                && survey.language(tag).consent().classify(body) != ConsentWords.Intent.HELP) {
            for (Map.Entry<String, SurveyLanguage> other : survey.languages().entrySet()) {
                Optional<String> reply = other.getValue().optionalText(Prompt.HELP_REPLY);
                if (other.getValue().consent().classify(body) == ConsentWords.Intent.HELP && reply.isPresent()) {
                    return reply;
                }
            }
        }
        return survey.language(tag).optionalText(Prompt.HELP_REPLY);
    }

    /** True when a keyword Twilio acted on is also a valid answer to the open typed question (YES to a yes/no). */
    static boolean answersOpenQuestion(Survey survey, SurveySession session, String body) {
        if (session.currentState() != SessionStep.QUESTION) {
            return false;
        }
        Question question = survey.question(session.questionIndex());
        return !question.type().freeText()
                && AnswerReader.read(question, survey.language(session.languageSet()), body).isPresent();
    }
}
