package com.surveyrelay.survey;

/**
 * The summary of answers that closes a completed SMS or WhatsApp survey, under the language's
 * {@code answerSummary} heading. It exists so that a respondent by text is reminded of what was recorded, in
 * their language.
 */
final class AnswerSummary {

    /** How much of each answer the closing SMS summary repeats. */
    static final int SUMMARY_ANSWER_CHARACTERS = 160;

    private AnswerSummary() {
    }

    /**
     * The answers in the respondent's language (a choice by its label, yes or no in their words), each shortened to
     * {@value #SUMMARY_ANSWER_CHARACTERS} characters: a reminder, not a transcript, so that the goodbye and the
     * summary fit one text.
     *
     * @return {@code heading}, then one numbered line per question asked ({@code -} for one skipped)
     */
    static String summary(Survey survey, String heading, SurveySession session) {
        StringBuilder text = new StringBuilder(heading);
        SurveyLanguage language = survey.language(session.languageSet());
        int number = 1;
        for (int index = 0; index < session.questions().size(); index++) {
            QuestionResult result = session.questions().get(index);
            if (result.answeredAt() == null) {
                // Not on this respondent's path (skip logic): nothing to remind them of.
                continue;
            }
            String answer = result.answer() == null ? "-"
                    : AnswerReader.shown(survey.question(index), language, result.answer()).strip();
            if (answer.length() > SUMMARY_ANSWER_CHARACTERS) {
                answer = PlainText.prefix(answer, SUMMARY_ANSWER_CHARACTERS - 1).stripTrailing() + "…";
            }
            text.append('\n').append(number++).append(". ").append(answer);
        }
        return text.toString();
    }
}
