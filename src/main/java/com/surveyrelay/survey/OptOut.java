package com.surveyrelay.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The respondent's opt-out, the one answer that counts wherever and however late it comes: how a call hears it
 * (the star key or an opt-out phrase), and the {@code OPTED_OUT} ending with its confirmation and its
 * {@code SURVEY_OPTED_OUT} event. It exists because an opt-out is permanent and must reach the enterprise even from a
 * respondent whose survey already finished, who must not be asked again. (An opt-out texted by a number we only
 * ever called renders nothing; {@link FinalDisposition#optOutTexted} takes it.)
 */
final class OptOut {

    /** The key that opts a caller out at any question: star, which no answer uses. */
    static final String KEY = "*";
    /**
     * The end reason of a call whose caller was heard, but not clearly enough to act on, past {@code maxRetries}:
     * opt-out words below the survey's {@code minSpeechConfidence} at the language offer ({@link #unclearAtOffer}).
     */
    static final String NOT_UNDERSTOOD = "not-understood";
    /** The line a language file without {@code notUnderstoodGoodbye} gets, by the primary subtag of its tag. */
    static final BuiltInLines NOT_UNDERSTOOD_GOODBYE = new BuiltInLines(Map.of(
            "en", "Sorry, we could not understand you, so we'll end the call here. To stop our survey calls, press "
                    + "star during any of them. Goodbye.",
            "es", "Perdón, no pudimos entenderle, así que terminamos la llamada aquí. Para no recibir más llamadas de "
                    + "encuestas, presione asterisco durante cualquiera de ellas. Adiós.",
            "fr", "Désolé, nous n'avons pas pu vous comprendre, alors nous terminons l'appel ici. Pour ne plus "
                    + "recevoir nos appels de sondage, appuyez sur l'étoile pendant l'un d'eux. Au revoir."));

    private final ChannelReplies replies;
    private final NoInput noInput;

    OptOut(ChannelReplies replies, NoInput noInput) {
        this.replies = replies;
        this.noInput = noInput;
    }

    /**
     * True when a voice input opts out: the {@value #KEY} key (at any question or the language offer) anywhere in
     * the keys pressed, so "7*" at a two-digit question opts out as "*" does (it was read as 7), or an opt-out phrase
     * heard where the call listens for speech.
     *
     * @param digits Twilio's {@code Digits}, or null
     * @param speech Twilio's {@code SpeechResult}, or null
     */
    static boolean isVoiceOptOut(ConsentWords consent, String digits, String speech) {
        return (digits != null && digits.contains(KEY))
                || (speech != null && consent.classify(speech) == ConsentWords.Intent.OPT_OUT);
    }

    /**
     * Whether a voice input's opt-out was heard clearly enough to end the survey: always for the {@value #KEY} key;
     * for words, when Twilio's {@code Confidence} clears the survey's {@code minSpeechConfidence}
     * ({@link Survey#clearlyHeard}, the bar a spoken answer must reach; a {@code SpeechResult} without a
     * {@code Confidence} is taken, as an answer is). An opt-out is permanent, so "stop calling me" heard at 0.2 must
     * not put the number on the suppression list (break-it probe, 2026-12-05: it did at a question that takes
     * speech). Below the bar the words are an unclear answer ({@code SurveyProcessor}: asked again, with how to opt out
     * for sure). A keypad question holds spoken opt-outs to a stricter rule ({@link KeypadQuestionSpeech#unsure});
     * texted opt-outs have no confidence and are not affected.
     *
     * @param input the call's step; its {@code digits} and {@code confidence} (0.0 to 1.0, or null) are read
     */
    static boolean heardClearly(Survey survey, SurveyInput.VoiceInput input) {
        return input.digits() != null && input.digits().contains(KEY) || survey.clearlyHeard(input.confidence());
    }

    /**
     * Whether a voice input on a call with no survey session of its own (a voice webhook naming an SMS or WhatsApp
     * session, or no session at all) opts the number out: an opt-out ({@link #isVoiceOptOut}) that is the {@value #KEY}
     * key, or words whose {@code Confidence} reaches {@code survey}'s {@code minSpeechConfidence}, else, with no survey
     * known, {@link SurveyConfigLoader#DEFAULT_MIN_SPEECH_CONFIDENCE} (the schema's default, 0.4). Words without a
     * {@code Confidence} are taken, as at a spoken question ({@link Survey#clearlyHeard}); no keypad question's
     * stricter rule applies, since the call asks none. Until 2026-12-06 any opt-out words did, at any
     * {@code Confidence}: "stop" heard at 0.2 put the number on the suppression list for good.
     *
     * @param survey the named session's survey; null when none is known
     * @param input the call's step: Twilio's {@code Digits}, {@code SpeechResult} and {@code Confidence} (0.0 to 1.0,
     *     or null)
     */
    static boolean clearOffSurvey(ConsentWords consent, Survey survey, SurveyInput.VoiceInput input) {
        double bar = survey != null ? survey.minSpeechConfidence() : SurveyConfigLoader.DEFAULT_MIN_SPEECH_CONFIDENCE;
        return isVoiceOptOut(consent, input.digits(), input.speech())
                && (input.digits() != null && input.digits().contains(KEY) || Survey.clears(input.confidence(), bar));
    }

    /**
     * Whether a voice input ends the survey as an opt-out, at whatever step it comes: an opt-out ({@link
     * #isVoiceOptOut}) heard clearly ({@link #heardClearly}) and, at a keypad question, above that question's stricter
     * bar ({@link KeypadQuestionSpeech#unsure}). One rule for every step of a call, the language offer and a call whose
     * survey changed included, so that what ends a survey opted out is what puts its number on the suppression list.
     *
     * <p>Never a step of another turn than the session's ({@link #repeatOfAnotherTurn}): Twilio's repeat of a step
     * applied already, whose keys or words were judged, opt-out or not, when it was. Judged again on the question
     * asked now, a repeat of {@code 7*5} (7.5 at a question that takes decimals) was the star key at the next one, and
     * until 2026-12-07 put the number on the suppression list for good while the survey went on (a caller's probe).
     *
     * @param input the call's step: Twilio's {@code Digits}, {@code SpeechResult} and {@code Confidence} (0.0 to 1.0,
     *     or null)
     */
    static boolean clearOnCall(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        return !repeatOfAnotherTurn(session, input)
                && isVoiceOptOut(survey.consent(), input.digits(), input.speech()) && heardClearly(survey, input)
                && !KeypadQuestionSpeech.unsure(survey, session, input)
                && !KeypadDecimal.keyedAsANumber(survey, session, input.digits());
    }

    /**
     * True when the step names another turn than the session's: a repeat of one applied already (the session's turn
     * moves on with each question asked). A call not yet welcomed takes any turn, as the processor's welcome does.
     */
    private static boolean repeatOfAnotherTurn(SurveySession session, SurveyInput.VoiceInput input) {
        return input.turn() != session.turn() && session.currentState() != SessionStep.NOT_STARTED;
    }

    /**
     * What a caller whose opt-out words were heard below the bar is told before being asked again: the language's
     * {@code speechUnclear}, then its {@code optOutVoiceOffer} (press star), each when the language file has it.
     */
    static List<String> unclearLines(SurveyLanguage language) {
        List<String> lines = new ArrayList<>(2);
        language.optionalText(Prompt.SPEECH_UNCLEAR).ifPresent(lines::add);
        language.optionalText(Prompt.OPT_OUT_VOICE_OFFER).ifPresent(lines::add);
        return lines;
    }

    /**
     * Opt-out words heard below the survey's {@code minSpeechConfidence} at the language offer, before any question
     * ("stop calling me" at 0.2): no survey begins on a maybe-opt-out, as no answer is taken from one at a question.
     * The offer is made again after {@link #unclearLines} (the star key opts out for sure), counted as an invalid
     * answer; once {@code maxRetries} such replies were counted, the next ends the call {@code ABANDONED}, reason
     * {@value #NOT_UNDERSTOOD}, after {@link #notUnderstoodGoodbye}: the caller spoke, so the goodbye says they were
     * not understood, and how to stop the calls, for the number is not opted out. Until 2026-12-06 the survey began in
     * the current language, as if nothing had been said, and then the call ended as silence past the retries does
     * (reason {@code no-input}, "We didn't hear from you"), wrong for a caller who said something.
     *
     * @return the offer again on the call's next turn, with nothing published; or the goodbye and hang-up with the
     *     {@code SURVEY_ABANDONED} event (reason {@value #NOT_UNDERSTOOD})
     */
    Decision unclearAtOffer(Survey survey, SurveySession session, Instant now) {
        if (session.invalidAnswers() >= survey.maxRetries()) {
            return noInput.hangUp(survey, session, NOT_UNDERSTOOD, notUnderstoodGoodbye(survey, session), now);
        }
        SurveySession again = session.edit().invalidAnswer().nextTurn().unclearOptOut(now).at(now);
        return replies.voiceDecision(survey, again,
                Reply.offerLanguages(unclearLines(survey.language(session.languageSet()))), List.of());
    }

    /**
     * What a call ended {@value #NOT_UNDERSTOOD} says before its hang-up: the language's {@code notUnderstoodGoodbye},
     * else its built-in line ({@link #NOT_UNDERSTOOD_GOODBYE}: English, Spanish, French), else its {@code
     * speechUnclear} (when it has one) and {@code finalGoodbye}.
     */
    static List<String> notUnderstoodGoodbye(Survey survey, SurveySession session) {
        SurveyLanguage language = survey.language(session.languageSet());
        Optional<String> line = language.optionalText(Prompt.NOT_UNDERSTOOD_GOODBYE)
                .or(() -> NOT_UNDERSTOOD_GOODBYE.in(language.tag()));
        if (line.isPresent()) {
            return List.of(line.get());
        }
        List<String> lines = new ArrayList<>(2);
        language.optionalText(Prompt.SPEECH_UNCLEAR).ifPresent(lines::add);
        lines.add(language.text(Prompt.FINAL_GOODBYE));
        return lines;
    }

    /**
     * Ends the survey as {@code OPTED_OUT}, texting or saying the language's {@code optOutConfirmation} when
     * {@code confirm} (and hanging up a call). A finished session publishes the opt-out anyway, once: a completed
     * respondent who opts out must not be asked again, and the enterprise learns it from one event however often
     * they opt out after that ({@link SurveySession#optedOutAfterEnd()}).
     *
     * @return the session (a finished one keeps its disposition and notes {@code optedOutAfterEnd}), the confirmation
     *     as TwiML or texts on the session's channel, and one {@code SURVEY_OPTED_OUT} event; none for a session that
     *     ended opted out or was opted out of after its end already
     */
    Decision end(Survey survey, SurveySession session, Instant now, boolean confirm) {
        return end(survey, session, now, confirm, null);
    }

    /**
     * As {@link #end(Survey, SurveySession, Instant, boolean)}, for an opt-out in {@code words} (a text, or a call's
     * speech): at the welcome, before a language was chosen, words that are an opt-out of another of the survey's
     * languages only ("BAJA", "ne m'écrivez plus" to an English welcome) choose it, and the confirmation is in it
     * (until 2026-12-07 it was in the welcome's language, a respondent's probe); past the welcome, by text, only the
     * confirmation is in their language, the session's answers staying in its own.
     *
     * @param words what the respondent texted or said, or null (a key)
     */
    Decision end(Survey survey, SurveySession session, Instant now, boolean confirm, String words) {
        SurveySession inTheirs = session;
        String confirmIn = session.languageSet();
        if (words != null
                && (survey.language(session.languageSet()).consent().classify(words) != ConsentWords.Intent.OPT_OUT
                || survey.writtenIn(words, ConsentWords.Intent.OPT_OUT).isPresent())) {
            String tag = survey.languageOfConsentText(words, ConsentWords.Intent.OPT_OUT).tag();
            if (session.currentState() == SessionStep.LANGUAGE_OFFER) {
                inTheirs = tag.equals(session.languageSet()) ? session : session.edit().language(tag).at(now);
                confirmIn = tag;
            } else if (session.surveyMedium().messaging()) {
                // Past the welcome the answers given stay in the session's language, and only the confirmation is
                // in the words' ("no me escriban más" in an English survey was confirmed in English until
                // 2026-12-07: a respondent's probe). A call keeps its voice's language.
                confirmIn = tag;
            }
        }
        return ended(survey, inTheirs, now, confirm, confirmIn);
    }

    /** @param confirmIn the language tag of the confirmation: the session's, or of the words that opted out */
    private Decision ended(Survey survey, SurveySession session, Instant now, boolean confirm, String confirmIn) {
        List<String> confirmation = confirm ? confirmation(survey, confirmIn) : List.of();
        if (session.surveyStatus().isFinal()) {
            // The survey keeps its disposition. A call's turn moves on, so the same request again is told apart (a
            // text's MessageSid does that).
            boolean published = optOutPublished(session);
            SurveySession.Edit edit = session.surveyMedium().messaging() ? session.edit() : session.edit().nextTurn();
            SurveySession noted = (published ? edit : edit.optedOutAfterEnd(now)).at(now);
            List<SurveyEvent> events = published ? List.of()
                    : List.of(SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, noted));
            return session.surveyMedium().messaging()
                    ? ChannelReplies.smsDecision(survey, noted, Reply.end(confirmation), events)
                    : replies.voiceDecision(survey, noted, Reply.end(confirmation), events);
        }
        SurveySession optedOut = session.edit().end(SurveyStatus.OPTED_OUT, "opt-out", now).at(now);
        return replies.decision(survey, optedOut, Reply.end(confirmation),
                List.of(SurveyEvent.of(SurveyEventType.SURVEY_OPTED_OUT, optedOut)));
    }

    /**
     * True when the finished {@code session}'s opt-out has been published already: it ended {@code OPTED_OUT}, or
     * its respondent opted out after its end before.
     */
    static boolean optOutPublished(SurveySession session) {
        return session.surveyStatus() == SurveyStatus.OPTED_OUT || session.optedOutAfterEnd() != null;
    }

    /** The session's language's {@code optOutConfirmation} as one line, or no line when its file has none. */
    static List<String> confirmation(Survey survey, SurveySession session) {
        return confirmation(survey, session.languageSet());
    }

    private static List<String> confirmation(Survey survey, String tag) {
        return survey.language(tag).optionalText(Prompt.OPT_OUT_CONFIRMATION).map(List::of).orElse(List.of());
    }
}
