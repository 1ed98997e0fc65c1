package com.surveyrelay.survey;

import java.util.List;

/**
 * What a respondent is told again: the open step after HELP, a reminder or a repeated Twilio request, and what a
 * finished survey answers. It exists so that a request delivered twice is answered, not acted on twice.
 */
final class RepeatedStep {

    private RepeatedStep() {
    }

    /**
     * What to say again when the respondent asks for HELP or a request is repeated.
     *
     * @return the welcome with the language offer, the open question alone, nothing for a call not yet welcomed,
     *     or {@link #finished} for a finished session
     */
    static Reply current(Survey survey, SurveySession session) {
        SurveyLanguage language = survey.language(session.languageSet());
        switch (session.currentState()) {
            case LANGUAGE_OFFER:
                return Reply.offerLanguages(language.text(Prompt.WELCOME));
            case QUESTION:
                return Reply.ask(List.of(), survey.question(session.questionIndex()));
            case NOT_STARTED:
                return Reply.ask(List.of(), null);
            default:
                return finished(survey, session);
        }
    }

    /** The end of the conversation: the language's {@code surveyCompletedAlready} line after a completed survey. */
    static Reply finished(Survey survey, SurveySession session) {
        if (session.surveyStatus() == SurveyStatus.COMPLETED) {
            return Reply.end(List.of(survey.language(session.languageSet()).text(Prompt.SURVEY_COMPLETED_ALREADY)));
        }
        return Reply.end(List.of());
    }
}
