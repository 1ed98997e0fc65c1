package com.surveyrelay.survey;

import java.time.Instant;
import java.util.List;

/**
 * Words heard at a {@code dtmf} question, whose {@code <Gather>} takes its answer from the keypad and listens for
 * speech only to hear an opt-out ({@code survey-relay.voice.spoken-opt-out.at-keypad-questions}). It exists because
 * there the recogniser is biased toward the opt-out words by the Gather's hints: an opt-out heard there must clear a
 * confidence bar, and other words are neither an answer nor kept.
 */
final class KeypadQuestionSpeech {

    private final NoInput noInput;

    KeypadQuestionSpeech(NoInput noInput) {
        this.noInput = noInput;
    }

    /**
     * Whether words at a {@code dtmf} question (no keys) were heard below the survey's {@code minSpeechConfidence}
     * (the bar a spoken answer must reach to be kept) or with no {@code Confidence} at all: an opt-out is permanent,
     * and there the recogniser is biased toward the opt-out words by the Gather's hints, so noise heard as "stop" must
     * not count. The star key is not affected. The question is the survey's at the session's index, when it has one
     * (a survey that changed may have fewer questions).
     */
    static boolean unsure(Survey survey, SurveySession session, SurveyInput.VoiceInput input) {
        boolean keys = input.digits() != null && !input.digits().isEmpty();
        return !keys && session.currentState() == SessionStep.QUESTION
                && session.questionIndex() < survey.questions().size()
                && survey.question(session.questionIndex()).type() == QuestionType.DTMF
                && (input.confidence() == null || input.confidence() < survey.minSpeechConfidence());
    }

    /**
     * Words heard at a {@code dtmf} question that are not an opt-out: not an answer and not kept (they may be a word
     * said to someone else, or noise on a bad line). They count as silence, which is what the same noise was before
     * the question listened for speech (the Gather timed out): the question is asked again with
     * {@code answerWithKeypad}, and after {@code maxRetries} the call ends {@code ABANDONED}, reason {@code
     * not-understood}, with {@code notUnderstoodGoodbye} ({@link NoInput#notAnAnswer}; until 2026-12-07 {@code
     * no-input}, "We didn't hear from you"). They do not count toward skipping the question, so noise does not
     * change the results.
     */
    Decision onWords(Survey survey, SurveySession session, Instant now) {
        Question question = survey.question(session.questionIndex());
        return noInput.notAnAnswer(survey, session, AnswerReader.keypadExpected(survey.language(session.languageSet()),
                question).map(List::of).orElse(List.of()), now);
    }
}
