package com.surveyrelay.survey;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A caller who declines the survey at the voice welcome's language offer ("no thanks", "not interested", "I'm busy,
 * call me later"): the call ends {@code ABANDONED}, reason {@value #DECLINED}, with the language's
 * {@code declinedGoodbye} ("No problem. Thank you for your time. Goodbye."), built in for English, Spanish and French
 * ({@link #DECLINED_GOODBYE}). Until 2026-12-07 anything that was neither an opt-out nor a language began the survey,
 * and such a caller heard "Great, let's get started." (a caller's probe). A decline is not an opt-out: the number
 * stays reachable (an opt-out phrase, "stop calling me", opts out before this is asked).
 *
 * <p>Declines, in what was said clearly ({@link Survey#clearlyHeard}) with no language's words in it (those are about
 * the language: "I don't want French", "Spanish? No.", {@link LanguageChoice#mentionsALanguage}): a no alone in the words of
 * any of the survey's languages ({@link YesNoAnswers}: "no", "nope", "no thanks", "non merci"), or one of
 * {@link #PHRASES} anywhere in it. Keys never decline (1 and 2 choose languages), nor does a number said.
 */
final class WelcomeDecline {

    /** The end reason, and the {@code SURVEY_ABANDONED} event's. */
    static final String DECLINED = "declined";
    /** The line a language file without {@code declinedGoodbye} gets, by the primary subtag of its tag. */
    static final BuiltInLines DECLINED_GOODBYE = new BuiltInLines(Map.of(
            "en", "No problem. Thank you for your time. Goodbye.",
            "es", "No hay problema. Gracias por su tiempo. Adiós.",
            "fr", "Pas de problème. Merci de votre temps. Au revoir."));
    /**
     * Normalised ({@link Replies#normalise}) words that decline wherever they stand, in English, Spanish and French:
     * not interested, busy, not now, no time, not wanting to.
     */
    static final List<String> PHRASES = List.of(
            "not interested", "no thanks", "no thank you", "not now", "not right now", "im busy", "i m busy",
            "i am busy", "call me later", "call me back later", "call back later", "not a good time", "bad time",
            "i don t want", "i do not want", "i dont want", "no time", "i don t have time", "i do not have time",
            "no me interesa", "no gracias", "ahora no", "estoy ocupado", "estoy ocupada", "llame mas tarde",
            "llamen mas tarde", "no tengo tiempo", "no quiero",
            "ca ne m interesse pas", "ca m interesse pas", "non merci", "pas maintenant", "je suis occupe",
            "je suis occupee", "rappelez plus tard", "pas le temps", "je n ai pas le temps", "je ne veux pas");
    private static final Pattern DECLINING = Pattern.compile("(?:^| )(?:" + String.join("|", PHRASES) + ")(?: |$)");
    private static final Pattern DIGITS = Pattern.compile("[0-9 ]+");

    private WelcomeDecline() {
    }

    /**
     * Whether the language offer's input declines the survey; the caller has named no language (checked first).
     *
     * @param input the call's step at the offer: Twilio's {@code Digits}, {@code SpeechResult}, {@code Confidence}
     */
    static boolean declines(Survey survey, SurveyInput.VoiceInput input) {
        if (input.speech() == null || input.speech().isBlank() || input.digits() != null && !input.digits().isEmpty()
                || !survey.clearlyHeard(input.confidence())) {
            return false;
        }
        String said = Replies.normalise(input.speech());
        if (said.isEmpty() || DIGITS.matcher(said).matches() || LanguageChoice.mentionsALanguage(survey,
                input.speech())) {
            return false;
        }
        if (DECLINING.matcher(said).find()) {
            return true;
        }
        Set<String> tags = survey.languages().keySet();
        return tags.stream().anyMatch(tag -> YesNoAnswers.read(input.speech(), tag, List.of(), List.of())
                .equals(Optional.of(false)));
    }

    /** What the caller hears before the hang-up: the language's {@code declinedGoodbye}, else its built-in line. */
    static List<String> goodbye(SurveyLanguage language) {
        return language.optionalText(Prompt.DECLINED_GOODBYE).or(() -> DECLINED_GOODBYE.in(language.tag()))
                .or(() -> language.optionalText(Prompt.FINAL_GOODBYE)).map(List::of).orElse(List.of());
    }
}
