package com.surveyrelay.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
     * Whether a voice input ends the survey as an opt-out, at whatever step it comes: an opt-out ({@link
     * #isVoiceOptOut}) heard clearly ({@link #heardClearly}) and, at a keypad question, above that question's stricter
     * bar ({@link KeypadQuestionSpeech#unsure}). One rule for every step of a call, the language offer and a call whose
     * survey changed included, so that what ends a survey opted out is what puts its number on the suppression list.
     *
     * @param input the call's step: Twilio's {@code Digits}, {@code SpeechResult} and {@code Confidence} (0.0 to 1.0,
     *     or null)
     */
    static boolean clearOnCall(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        return isVoiceOptOut(survey.consent(), input.digits(), input.speech()) && heardClearly(survey, input)
                && !KeypadQuestionSpeech.unsure(survey, session, input);
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
     * answer; once {@code maxRetries} such replies were counted, the next ends the call as silence past the retries
     * does ({@link NoInput#abandon}: {@code ABANDONED}, reason {@code no-input}), the number not opted out. Until
     * 2026-12-06 the survey began in the current language, as if nothing had been said.
     *
     * @return the offer again on the call's next turn, with nothing published; or the abandoned call's farewell and
     *     hang-up with its {@code SURVEY_ABANDONED} event
     */
    Decision unclearAtOffer(Survey survey, SurveySession session, Instant now) {
        if (session.invalidAnswers() >= survey.maxRetries()) {
            return noInput.abandon(survey, session, now);
        }
        SurveySession again = session.edit().invalidAnswer().nextTurn().at(now);
        return replies.voiceDecision(survey, again,
                Reply.offerLanguages(unclearLines(survey.language(session.languageSet()))), List.of());
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
        List<String> confirmation = confirm ? confirmation(survey, session) : List.of();
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
        return survey.language(session.languageSet()).optionalText(Prompt.OPT_OUT_CONFIRMATION).map(List::of)
                .orElse(List.of());
    }
}
