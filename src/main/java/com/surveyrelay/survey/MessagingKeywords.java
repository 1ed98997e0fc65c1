package com.surveyrelay.survey;

import java.util.Optional;

/**
 * Twilio's messaging keywords (HELP, START and the rest of Advanced Opt-Out) met at a text survey's open step:
 * the help text when Twilio does not answer HELP itself, and whether a keyword Twilio acted on is also an answer. It
 * exists because Twilio answers its own keywords and the survey must neither answer them twice nor lose an answer
 * that happens to be one.
 */
final class MessagingKeywords {

    private MessagingKeywords() {
    }

    /**
     * The session's language's {@code helpReply}, or the survey's default language's when the session has none.
     *
     * @return empty when that language's file has no {@code helpReply}
     */
    static Optional<String> helpReply(Survey survey, SurveySession session) {
        String tag = session.languageSet() != null && survey.hasLanguage(session.languageSet())
                ? session.languageSet() : survey.defaultLanguage();
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
