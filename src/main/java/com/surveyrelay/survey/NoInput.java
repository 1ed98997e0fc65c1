package com.surveyrelay.survey;

import java.time.Instant;
import java.util.List;

/**
 * A call question that got no answer (Twilio's {@code <Gather>} heard nothing and redirected to the same turn):
 * asked again, counted as a silence, until {@code maxRetries} silences end the call. It exists so that silence
 * re-asks the question, not the whole survey, and so that a silent line does not go on forever.
 */
final class NoInput {

    /** The end reason of a call that got no usable input past {@code maxRetries}. */
    static final String NO_INPUT = "no-input";

    private final ChannelReplies replies;

    NoInput(ChannelReplies replies) {
        this.replies = replies;
    }

    /**
     * Silence at the open question: {@link #noAnswer} after the language's {@code noInput} line, if it has one, and at
     * the first question's first silence its {@code optOutVoiceOffer} (press star), for a caller on a bad line who
     * missed it before that question (until 2026-12-07 it was said once only).
     */
    Decision onSilence(Survey survey, SurveySession session, Instant now) {
        SurveyLanguage language = survey.language(session.languageSet());
        List<String> lines = new java.util.ArrayList<>();
        language.optionalText(Prompt.NO_INPUT).ifPresent(lines::add);
        if (session.silences() == 0 && session.questionIndex() == 0) {
            // Once a call (its first question's first silence): a silence counts per question, and the offer at each
            // question's first made every call longer (a reviewer's probe, the day it came).
            language.optionalText(Prompt.OPT_OUT_VOICE_OFFER).ifPresent(lines::add);
        }
        return noAnswer(survey, session, lines, now);
    }

    /**
     * Ends a call that got no usable input past {@code maxRetries}: {@code ABANDONED}, reason {@code no-input}, after
     * the language's {@code surveyAbandoned} (else {@code finalGoodbye}).
     *
     * @return TwiML that says the farewell and hangs up, with the {@code SURVEY_ABANDONED} event
     */
    Decision abandon(Survey survey, SurveySession session, Instant now) {
        SurveyLanguage language = survey.language(session.languageSet());
        String farewell = language.optionalText(Prompt.SURVEY_ABANDONED).orElse(language.text(Prompt.FINAL_GOODBYE));
        return hangUp(survey, session, NO_INPUT, List.of(farewell), now);
    }

    /**
     * Ends an open call {@code ABANDONED} for {@code reason}: says {@code farewell} (each line a {@code <Say>} in the
     * session's language and voice) and hangs up.
     *
     * @param reason the session's {@code endReason} and the event's {@code reason}, one of the event schema's words
     * @return the ended session, the TwiML, and its one {@code SURVEY_ABANDONED} event
     */
    Decision hangUp(Survey survey, SurveySession session, String reason, List<String> farewell, Instant now) {
        SurveySession abandoned = session.edit().end(SurveyStatus.ABANDONED, reason, now).at(now);
        return replies.voiceDecision(survey, abandoned, Reply.end(farewell), List.of(
                SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, abandoned).withReason(reason)));
    }

    /**
     * A question that got no answer: asked again after {@code lines}, counted as a silence, until
     * {@code maxRetries} silences end the call {@code ABANDONED} (reason {@code no-input}).
     *
     * @return TwiML that asks the question again on the next turn, or says the language's {@code surveyAbandoned}
     *     (else {@code finalGoodbye}) and hangs up, with the {@code SURVEY_ABANDONED} event
     */
    Decision noAnswer(Survey survey, SurveySession session, List<String> lines, Instant now) {
        if (session.silences() >= survey.maxRetries()) {
            return abandon(survey, session, now);
        }
        return askAgain(survey, session, lines, now);
    }

    /**
     * A question that heard something that is no answer (words at a keypad question, keys at a words question, a
     * request to hear it again): as {@link #noAnswer}, but the call that ends past {@code maxRetries} ends reason
     * {@value OptOut#NOT_UNDERSTOOD}, after {@code notUnderstoodGoodbye}, which tells how to stop the calls; until
     * 2026-12-07 it was told "We didn't hear from you", wrong for a caller who spoke (a caller's probe).
     */
    Decision notAnAnswer(Survey survey, SurveySession session, List<String> lines, Instant now) {
        if (session.silences() >= survey.maxRetries()) {
            return hangUp(survey, session, OptOut.NOT_UNDERSTOOD, OptOut.notUnderstoodGoodbye(survey, session), now);
        }
        return askAgain(survey, session, lines, now);
    }

    private Decision askAgain(Survey survey, SurveySession session, List<String> lines, Instant now) {
        SurveySession again = session.edit().silence().nextTurn().at(now);
        return replies.voiceDecision(survey, again, Reply.ask(lines, survey.question(session.questionIndex())),
                List.of());
    }
}
