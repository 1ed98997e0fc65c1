package com.surveyrelay.survey;

import java.util.Map;
import java.util.Optional;

/**
 * The line a call says after the prompt of a question answered by keys whose answer may take more than one key
 * ({@link Question#numDigits} above 1: an NPS question's 0 to 10, a rating up to 10, a number): that the pound key
 * ends the answer. Twilio's {@code <Gather>} submits at {@code numDigits} keys, at the {@code finishOnKey} ({@code #}
 * by default) or after {@code timeout} seconds without a key, so a caller pressing 9 on a 0 to 10 question waited the
 * whole {@code gatherTimeoutSeconds} in silence, not knowing whether the key was heard.
 *
 * <p>The language file's {@code keypadFinish} line, else a built-in one for English, Spanish and French, naming the key
 * as the caller's country does; other languages without the line say nothing more, as before.
 */
final class KeypadFinish {

    private static final String HASH = "On the keypad, press hash when you've finished.";

    /**
     * The built-in lines, by lower-case full tag first ({@code fr-ca}), then by primary language subtag: the key is
     * "pound" in the US and Canada, "hash" in the other English-speaking countries, "numeral" in Latin America and
     * "almohadilla" in Spain, "carré" in Quebec and "dièse" in other French.
     */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.ofEntries(
            Map.entry("en", "On the keypad, press pound when you're done."),
            Map.entry("en-gb", HASH), Map.entry("en-ie", HASH), Map.entry("en-au", HASH), Map.entry("en-nz", HASH),
            Map.entry("en-in", HASH), Map.entry("en-za", HASH),
            Map.entry("es", "Si usa el teclado, oprima la tecla de numeral al terminar."),
            Map.entry("es-es", "Si usa el teclado, pulse la tecla almohadilla al terminar."),
            Map.entry("fr", "Au clavier, appuyez sur la touche dièse quand vous avez terminé."),
            Map.entry("fr-ca", "Au clavier, appuyez sur le carré quand vous avez terminé.")));

    /**
     * Said after the finish key's line at a {@code number} question taking decimals ({@link KeypadDecimal}): that the
     * star key is the point, which nothing told a caller until 2026-12-07, when the star was known only as the key
     * that stops the calls (a survey author's probe). English, Spanish and French.
     */
    static final BuiltInLines DECIMAL_POINT = new BuiltInLines(Map.of(
            "en", "For a decimal point, press star between the digits.",
            "es", "Para el punto decimal, oprima asterisco entre los dígitos.",
            "fr", "Pour la virgule, appuyez sur l'étoile entre les chiffres."));

    private KeypadFinish() {
    }

    /**
     * The line to say after {@code question}'s prompt in {@code language}.
     *
     * @return the line when the question takes keys and more than one of them, with {@link #DECIMAL_POINT}'s after
     *     it at a question taking decimals; empty otherwise, or when neither the file nor the built-in lines have one
     *     for the language
     */
    static Optional<String> line(SurveyLanguage language, Question question) {
        // A yes-or-no or a choice takes one key, whatever its options; speech and free text take none.
        if (!question.type().numeric() || question.numDigits() < 2) {
            return Optional.empty();
        }
        Optional<String> finish = language.optionalText(Prompt.KEYPAD_FINISH).or(() -> BUILT_IN.in(language.tag()));
        Optional<String> point = KeypadDecimal.takesDecimals(question) ? DECIMAL_POINT.in(language.tag())
                : Optional.empty();
        return point.isEmpty() ? finish : Optional.of(finish.map(line -> line + " ").orElse("") + point.get());
    }
}
