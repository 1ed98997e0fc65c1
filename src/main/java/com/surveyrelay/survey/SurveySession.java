package com.surveyrelay.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One respondent taking one survey on one channel: the conversation state and the results in one document,
 * so that a webhook reads and writes a single object. Field names keep the original template's results
 * format ({@code surveyTo}, {@code surveyMedium}, {@code languageSet}, {@code surveyStatus},
 * {@code surveyStarted}, {@code surveyCompleted}, {@code currentState}, {@code questions}).
 *
 * @param surveyVersion the version of the survey the session started on ({@link Survey#version()}); the session
 *     finishes on it whatever the bucket holds by then. Null in sessions stored before versions were recorded,
 *     which follow the survey's current version
 * @param turn counts the voice prompts that wait for input; each voice webhook URL carries the turn it
 *     answers, so a repeated or late request cannot advance the survey twice
 * @param invalidAnswers invalid answers to the current question so far; on a text survey's welcome, the replies it
 *     could not read as going on or as a language (not limited there: the welcome is texted again each time), kept so
 *     that the results tell a respondent who replied from one who never did. 0 again once a question is asked
 * @param silences times the current question (voice) went unanswered so far; on a text survey, the texts with a
 *     picture or a voice note and no words that came at the open step (the welcome or a question), which are no
 *     answer ({@link MediaOnlyText})
 * @param endReason why a session that did not complete ended ({@code no-input}, {@code hangup}, ...)
 * @param callEndedAt when Twilio reported a call {@code completed} while a question was open; the session
 *     stays open a grace period for the question's answer, which Twilio may deliver after the status
 *     callback (the two are not ordered). Null for SMS and for calls still in progress
 * @param remindedAt when the open SMS question was texted again as a reminder; null until then (one per session)
 * @param fallbackFrom the call this SMS session falls back from (channel fallback), or null
 * @param timeZone the IANA time zone its start request named ({@code timeZone}, for quiet hours), or null when it named
 *     none (then the number's own zones hold): the session's reminders keep the contact hours of the zone its start
 *     kept. Null in sessions stored before it was kept
 * @param optedOutAfterEnd when the respondent first opted out after the survey had ended (a STOP or an opt-out phrase
 *     texted, the star key on a call), the session keeping its disposition; null when they never did. Set once: its
 *     {@code SURVEY_OPTED_OUT} event went out then, and a later opt-out to the same session publishes none (Twilio's
 *     START is never seen here, so there is no opt-in between two opt-outs for the enterprise to learn of)
 * @param unclearOptOutAt when the caller last said opt-out words heard below the survey's
 *     {@code minSpeechConfidence} ("stop calling me" at 0.2: asked again, the number not opted out), until the next
 *     question is asked or an answer recorded; null otherwise. A call that ends while it is set gets no SMS fallback:
 *     "we were cut off" texted to someone who may have asked us to stop (a caller's probe, 2026-12-07)
 * @param closedNoticeAt when a text that came after the survey ended was answered that it closed (the language's
 *     {@code surveyClosed} line after it expired, {@link ClosedSurveyNotice}) or that it was answered already
 *     ({@code surveyCompletedAlready} after it completed, since 2026-12-05); null when none was. Set once, by the same
 *     conditional write as the text's inbox entry, so a session sends that notice at most once
 * @param endedAtWelcome true when the session ended while its welcome waited for the respondent (the language offer,
 *     or a texted welcome's CONTINUE): a hang-up, an expiry, an opt-out or a decline before the first question was
 *     asked, which the results count at the welcome, not at the first question; null otherwise, and in sessions
 *     stored before 2026-12-07 (those count at the first question)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SurveySession(
        String sessionId, String surveyId, String surveyVersion, String surveyTo, Channel surveyMedium,
        String languageSet,
        SurveyStatus surveyStatus, SessionStep currentState, int questionIndex, int turn, int invalidAnswers,
        int silences, Instant surveyStarted, Instant updatedAt, Instant surveyCompleted, Instant surveyEnded,
        String endReason, List<QuestionResult> questions, Instant callEndedAt, Instant remindedAt,
        FallbackFrom fallbackFrom, String timeZone, Instant optedOutAfterEnd, Instant closedNoticeAt,
        Instant unclearOptOutAt, Boolean endedAtWelcome) {

    public SurveySession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(surveyId, "surveyId");
        Objects.requireNonNull(surveyTo, "surveyTo");
        Objects.requireNonNull(surveyMedium, "surveyMedium");
        Objects.requireNonNull(languageSet, "languageSet");
        Objects.requireNonNull(surveyStatus, "surveyStatus");
        Objects.requireNonNull(currentState, "currentState");
        questions = List.copyOf(questions);
    }

    /**
     * A new session for a respondent, before anything was sent. The caller has validated the number
     * (see {@link E164}) and the language.
     */
    public static SurveySession begin(
            String sessionId, Survey survey, E164 to, Channel channel, String language, Instant now) {
        return begin(sessionId, survey, to, channel, language, null, now);
    }

    /**
     * As {@link #begin(String, Survey, E164, Channel, String, Instant)}, keeping the time zone the start request named
     * ({@code timeZone}, an IANA id, or null).
     */
    public static SurveySession begin(String sessionId, Survey survey, E164 to, Channel channel, String language,
            java.time.ZoneId timeZone, Instant now) {
        String tag = language == null ? survey.defaultLanguage() : language;
        survey.language(tag);
        List<QuestionResult> results = survey.questions().stream().map(QuestionResult::unanswered).toList();
        return new SurveySession(sessionId, survey.surveyId(), survey.version(), to.value(), channel, tag,
                SurveyStatus.STARTED,
                SessionStep.NOT_STARTED, 0, 0, 0, 0, now, now, null, null, null, results, null, null, null,
                timeZone == null ? null : timeZone.getId(), null, null, null, null);
    }

    /**
     * A new SMS session falling back from a call that ended: in the call's language; after a dropped call
     * ({@link FallbackFrom#continuesAnswers()}) it keeps the call's results, so the text survey goes on from the
     * first question left unanswered.
     */
    public static SurveySession fallingBack(String sessionId, Survey survey, SurveySession call, Instant now) {
        FallbackFrom from = new FallbackFrom(call.sessionId, call.endReason);
        List<QuestionResult> results = from.continuesAnswers() ? call.questions
                : survey.questions().stream().map(QuestionResult::unanswered).toList();
        return new SurveySession(sessionId, survey.surveyId(), survey.version(), call.surveyTo, Channel.SMS,
                call.languageSet,
                SurveyStatus.STARTED, SessionStep.NOT_STARTED, 0, 0, 0, 0, now, now, null, null, null, results, null,
                null, from, call.timeZone, null, null, null, null);
    }

    /** True while a call that ended is given time for a late answer (see {@code callEndedAt}). */
    public boolean awaitingLateAnswer() {
        return callEndedAt != null && !surveyStatus.isFinal();
    }

    Edit edit() {
        return new Edit(this);
    }

    /** Copy-on-write changes, so the processor reads like the state machine it is. */
    static final class Edit {
        private String languageSet;
        private SurveyStatus status;
        private SessionStep step;
        private int questionIndex;
        private int turn;
        private int invalidAnswers;
        private int silences;
        private Instant completed;
        private Instant ended;
        private String endReason;
        private Instant callEndedAt;
        private Instant remindedAt;
        private Instant optedOutAfterEnd;
        private Instant closedNoticeAt;
        private Instant unclearOptOutAt;
        private Boolean endedAtWelcome;
        private final List<QuestionResult> questions;
        private final SurveySession from;

        private Edit(SurveySession from) {
            this.from = from;
            languageSet = from.languageSet;
            status = from.surveyStatus;
            step = from.currentState;
            questionIndex = from.questionIndex;
            turn = from.turn;
            invalidAnswers = from.invalidAnswers;
            silences = from.silences;
            completed = from.surveyCompleted;
            ended = from.surveyEnded;
            endReason = from.endReason;
            callEndedAt = from.callEndedAt;
            remindedAt = from.remindedAt;
            optedOutAfterEnd = from.optedOutAfterEnd;
            closedNoticeAt = from.closedNoticeAt;
            unclearOptOutAt = from.unclearOptOutAt;
            endedAtWelcome = from.endedAtWelcome;
            questions = new ArrayList<>(from.questions);
        }

        Edit language(String tag) {
            languageSet = tag;
            unclearOptOutAt = null;
            return this;
        }

        Edit step(SessionStep next) {
            step = next;
            return this;
        }

        Edit nextTurn() {
            turn++;
            return this;
        }

        Edit ask(int index) {
            step = SessionStep.QUESTION;
            questionIndex = index;
            invalidAnswers = 0;
            silences = 0;
            unclearOptOutAt = null;
            return this;
        }

        /** Notes opt-out words heard unclearly ({@code unclearOptOutAt}), until a question is asked or answered. */
        Edit unclearOptOut(Instant at) {
            unclearOptOutAt = at;
            return this;
        }

        /** Counts an answer it could not read; words said since opt-out words heard unclearly are the last said. */
        Edit invalidAnswer() {
            invalidAnswers++;
            unclearOptOutAt = null;
            return this;
        }

        Edit silence() {
            silences++;
            return this;
        }

        Edit result(int index, QuestionResult result) {
            questions.set(index, result);
            unclearOptOutAt = null;
            return this;
        }

        /** Completes the survey; a question still open was passed over by skip logic and is marked so. */
        Edit complete(Instant at) {
            questions.replaceAll(result -> result.open() ? result.passedOver() : result);
            status = SurveyStatus.COMPLETED;
            step = SessionStep.FINISHED;
            completed = at;
            ended = at;
            return this;
        }

        Edit callEnded(Instant at) {
            callEndedAt = at;
            return this;
        }

        Edit reminded(Instant at) {
            remindedAt = at;
            return this;
        }

        /** Notes the first opt-out after the survey ended; a later one keeps the first time. */
        Edit optedOutAfterEnd(Instant at) {
            if (optedOutAfterEnd == null) {
                optedOutAfterEnd = at;
            }
            return this;
        }

        /** Notes that a late text was told the survey closed ({@link ClosedSurveyNotice}). */
        Edit closedNotice(Instant at) {
            closedNoticeAt = at;
            return this;
        }

        /**
         * Ends the survey before its last question (abandoned, opted out). Skip logic only jumps forward, so a
         * question before the one the respondent left at that holds neither an answer nor a skip was passed over,
         * and is marked so, as {@link #complete} marks them; the question left at and those after it stay open
         * (not reached). A session ended at its welcome notes so ({@code endedAtWelcome}).
         */
        Edit end(SurveyStatus finalStatus, String reason, Instant at) {
            for (int index = 0; index < questionIndex && index < questions.size(); index++) {
                if (questions.get(index).open()) {
                    questions.set(index, questions.get(index).passedOver());
                }
            }
            if (step == SessionStep.LANGUAGE_OFFER) {
                endedAtWelcome = true;
            }
            status = finalStatus;
            step = SessionStep.FINISHED;
            ended = at;
            endReason = reason;
            return this;
        }

        SurveySession at(Instant now) {
            return new SurveySession(from.sessionId, from.surveyId, from.surveyVersion, from.surveyTo,
                    from.surveyMedium, languageSet,
                    status, step, questionIndex, turn, invalidAnswers, silences, from.surveyStarted, now,
                    completed, ended, endReason, questions, callEndedAt, remindedAt, from.fallbackFrom, from.timeZone,
                    optedOutAfterEnd, closedNoticeAt, unclearOptOutAt, endedAtWelcome);
        }
    }
}
