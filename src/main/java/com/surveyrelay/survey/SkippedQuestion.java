package com.surveyrelay.survey;

import java.util.Map;

/**
 * What a respondent is told when the open question is skipped after {@code maxRetries} answers it could not read: the
 * language's {@code questionSkipped}, else a built-in line (English, Spanish, French), in place of the
 * {@code nextQuestion} or {@code lastQuestion} that thanks them. Until 2026-12-06 "Thanks. Next question." followed
 * an answer that was not recorded, as if it had been (a survey author's probe); a language with neither says
 * {@code nextQuestion} or {@code lastQuestion}, as before.
 */
final class SkippedQuestion {

    /** The line a language file without {@code questionSkipped} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "We'll skip that one: nothing was recorded for it.",
            "es", "Pasamos a la siguiente: no se registró nada para esa.",
            "fr", "Passons à la suivante : rien n'a été enregistré pour celle-là."));

    private SkippedQuestion() {
    }

    /** The line said before the question after a skipped one, in {@code language}; its intro when it has none. */
    static String line(SurveyLanguage language, String intro) {
        return language.optionalText(Prompt.QUESTION_SKIPPED).or(() -> BUILT_IN.in(language.tag())).orElse(intro);
    }
}
