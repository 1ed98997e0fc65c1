package com.surveyrelay.survey;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a call's final status does to its session, whether Twilio's status callback brought it
 * ({@link SurveyInput.CallEnded}) or it was read from Twilio when the callback never came
 * ({@link SurveyInput.CallFoundOver}). It exists because a caller who hangs up sends no more answers: without it the
 * session would wait for a question nobody is left to hear.
 */
final class FinalCallStatus {

    /** The {@code CallStatus} words of a call that is over: Twilio's final call statuses. */
    static final Set<String> CALL_OVER = Set.of("completed", "busy", "no-answer", "failed", "canceled");
    /**
     * Not a Twilio status: the word for a call Twilio no longer knows (its {@code Calls/<sid>} answers 404, Twilio
     * error 20404: the call record was deleted, or a local emulator restarted), with which a
     * {@link SurveyInput.CallFoundOver} ends its session, as its end reason.
     */
    static final String CALL_NOT_FOUND = "call-not-found";

    private final Clock clock;
    private final FinalDisposition disposition;

    FinalCallStatus(Clock clock, FinalDisposition disposition) {
        this.clock = clock;
        this.disposition = disposition;
    }

    /**
     * A call's final status. {@code completed} while a question or the welcome's language offer is open does not end
     * the survey yet: Twilio does not order status callbacks and {@code <Gather>} actions, so the answer to that step
     * may still arrive. The session records when the call ended and the caller closes it ({@link SurveyInput.Ended},
     * reason {@code hangup}) when no answer came within its grace period. Another final status ({@code busy},
     * {@code no-answer}, {@code failed}, {@code canceled}) reported for a call that took a step is read as
     * {@code completed}: it was answered.
     *
     * @return the session unchanged for a status that is not final, a session already final or one whose call
     *     already ended; else the session marked ended, or ended {@code ABANDONED} (reason {@code hangup} or the
     *     status) with its event; never TwiML or texts
     */
    Decision onCallEnded(SurveySession session, SurveyInput.CallEnded input) {
        String reported = input.callStatus() == null ? "" : input.callStatus();
        if (session.surveyStatus().isFinal() || session.callEndedAt() != null || !CALL_OVER.contains(reported)) {
            return new Decision(session, null, List.of(), List.of());
        }
        // A call that took a step was answered, whatever its final status says: busy, no-answer or failed after it
        // ended the session as not reached, its answers kept but counted nowhere, and its SMS fallback texted the
        // whole welcome (until 2026-12-07, a caller's probe). It ends as a call that was hung up.
        String status = session.currentState() != SessionStep.NOT_STARTED ? "completed" : reported;
        Instant now = clock.instant();
        // The welcome's language offer waits too: a star, a decline or a language may still come (until 2026-12-07 it
        // ended at once, and its SMS fallback went out before them, a caller's probe).
        if (status.equals("completed") && (session.currentState() == SessionStep.QUESTION
                || session.currentState() == SessionStep.LANGUAGE_OFFER)) {
            return new Decision(session.edit().callEnded(now).at(now), null, List.of(), List.of());
        }
        String reason = status.equals("completed") ? "hangup" : status;
        SurveySession abandoned = session.edit().end(SurveyStatus.ABANDONED, reason, now).at(now);
        return new Decision(abandoned, null, List.of(), List.of(
                SurveyEvent.of(SurveyEventType.SURVEY_ABANDONED, abandoned).withReason(reason)));
    }

    /**
     * A call's final status read from Twilio when its status callback never came ({@link SurveyInput.CallFoundOver}):
     * the session ends now, late answer or not, as a status callback ends a call with no question open.
     *
     * @return the session unchanged for a status that is not final (nor {@link #CALL_NOT_FOUND}); else as
     *     {@link FinalDisposition#end}, reason the status ({@code hangup} for {@code completed})
     */
    Decision onCallFoundOver(SurveySession session, SurveyInput.CallFoundOver input) {
        String status = input.callStatus() == null ? "" : input.callStatus();
        if (!CALL_OVER.contains(status) && !status.equals(CALL_NOT_FOUND)) {
            return new Decision(session, null, List.of(), List.of());
        }
        return disposition.end(session, new SurveyInput.Ended(SurveyStatus.ABANDONED, status.equals("completed")
                ? "hangup" : status));
    }
}
