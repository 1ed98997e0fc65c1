package com.surveyrelay.survey;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A text to an open SMS or WhatsApp survey that carried a picture, a voice note or another attachment and no words
 * ({@link SurveyInput.SmsReceived#mediaOnly}: Twilio's {@code NumMedia} of 1 or more and an empty {@code Body}). The
 * survey reads text only, so it is no answer: until 2026-12-05 it was read as an empty answer, used up a retry and got
 * the range line ("from 1 to 5"), which told a respondent whose phone sent a photo or a voice message nothing useful.
 *
 * <p>Now the respondent is told, in the session's language, that the survey reads text only, and gets the open step
 * again (the question, or the welcome with its language offer); nothing is stored as an answer and no retry is used.
 * Such texts are counted in the session's {@code silences} (a text survey has no other silence), and only the first
 * {@code maxRetries} at a step (at least one) are answered, so a phone or an auto-responder that answers every text
 * with a picture cannot start a loop; later ones are counted and get nothing. A text with words and a picture is read
 * by its words, as any text.
 *
 * <p>The line is the language file's {@code textOnly}, else a built-in one for English, Spanish and French; another
 * language without it gets the open step alone.
 */
final class MediaOnlyText {

    /** The line a language file without {@code textOnly} gets, by the primary subtag of its tag. */
    static final BuiltInLines BUILT_IN = new BuiltInLines(Map.of(
            "en", "Sorry, this survey can only read text, not pictures or voice messages. Please type your reply.",
            "es", "Lo sentimos, esta encuesta solo puede leer texto, no fotos ni mensajes de voz. Por favor, escriba "
                    + "su respuesta.",
            "fr", "Désolé, ce sondage ne lit que le texte, pas les photos ni les messages vocaux. Veuillez écrire "
                    + "votre réponse."));

    private MediaOnlyText() {
    }

    /**
     * The answer to a text with attachments and no words at the session's open step (the welcome or a question).
     *
     * @return the session with the text counted ({@code silences} and {@code turn} one more: a reply came, which the
     *     results tell from no reply) and, while fewer than {@code max(1, maxRetries)} such texts came at this step,
     *     the {@code textOnly} line and the open step again; no event either way
     */
    static Decision onMedia(Survey survey, SurveySession session, Instant now) {
        SurveySession counted = session.edit().silence().nextTurn().at(now);
        if (session.silences() >= Math.max(1, survey.maxRetries())) {
            return new Decision(counted, null, List.of(), List.of());
        }
        Reply again = RepeatedStep.current(survey, session);
        return ChannelReplies.smsDecision(survey, counted,
                line(survey.language(session.languageSet())).map(again::after).orElse(again), List.of());
    }

    private static Optional<String> line(SurveyLanguage language) {
        return language.optionalText(Prompt.TEXT_ONLY).or(() -> BUILT_IN.in(language.tag()));
    }
}
