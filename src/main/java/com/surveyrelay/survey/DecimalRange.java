package com.surveyrelay.survey;

import java.util.Map;
import java.util.Optional;

/**
 * The line that tells a respondent what fits a {@code number} question taking decimals ({@code "decimals": true}):
 * the language's {@code answerOutOfRangeDecimal}, else its {@code answerOutOfRange} (an author's own words, a unit or
 * an example in them, are not replaced: a reviewer's probe), else a built-in line for English, Spanish and French.
 * Until 2026-12-07 such a question's retry said {@code answerOutOfRange}, whose shipped lines ask for "a whole
 * number" (an analyst's probe: "7.5" had been taken, yet "75" was told to send a whole number); the shipped files now
 * have an {@code answerOutOfRangeDecimal} line too.
 */
final class DecimalRange {

    /** The line a language file without {@code answerOutOfRangeDecimal} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "Sorry, that answer doesn't fit. Please answer with a number from {min} to {max}. Decimals are fine.",
            "es", "Perdón, esa respuesta no sirve. Responda con un número del {min} al {max}. Puede usar decimales.",
            "fr", "Désolé, cette réponse ne convient pas. Répondez par un nombre de {min} à {max}. Les décimales "
                    + "sont acceptées."));

    private DecimalRange() {
    }

    /**
     * The line, placeholders {@code {min}} and {@code {max}} unfilled, or empty when the language has none of the
     * three.
     */
    static Optional<String> line(SurveyLanguage language) {
        return language.optionalText(Prompt.ANSWER_OUT_OF_RANGE_DECIMAL)
                .or(() -> language.optionalText(Prompt.ANSWER_OUT_OF_RANGE)).or(() -> BUILT_IN.in(language.tag()));
    }
}
