package com.surveyrelay.survey;

import java.util.Map;
import java.util.Optional;

/**
 * The line that tells a respondent reached by text how to stop the survey's messages: the language file's
 * {@code optOutOfferSMS}, else a built-in one for English, Spanish and French. Twilio's Messaging Policy asks that the
 * first message to a person include "Reply STOP to unsubscribe" or the same with another standard opt-out keyword, and
 * CTIA's Messaging Principles and Best Practices that opt-out instructions be given at the start of a program; until
 * 2026-12-07 the welcome said nothing of it (the HELP reply alone did).
 *
 * <p>It closes the language offer of the welcome, so it goes with the first text of an SMS or WhatsApp survey and
 * with the welcome whenever it is texted again; and it follows {@code continueByText} in the first text of a survey
 * that goes on by text after a dropped call (the call said {@code optOutVoiceOffer}, which is about keys). The
 * built-in lines name STOP, the keyword Twilio itself honours on SMS in every language; the service reads it on
 * WhatsApp too ({@link ConsentWords}). A language of another kind without the prompt gets no line, and the lint
 * names the gap when another language of the survey has it ({@link PromptGaps}).
 */
final class TextOptOutOffer {

    /** The line a language file without {@code optOutOfferSMS} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "Reply STOP to opt out.",
            "es", "Responda STOP para no recibir más encuestas.",
            "fr", "Répondez STOP pour ne plus recevoir de sondages."));

    private TextOptOutOffer() {
    }

    /** The line for {@code language}: its file's {@code optOutOfferSMS}, else the built-in one, else none. */
    static Optional<String> line(SurveyLanguage language) {
        return language.optionalText(Prompt.OPT_OUT_OFFER_SMS).or(() -> BUILT_IN.in(language.tag()));
    }
}
