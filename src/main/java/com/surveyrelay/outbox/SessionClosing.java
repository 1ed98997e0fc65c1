package com.surveyrelay.outbox;

import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * When the outbox relay's sweep ends a session nobody will finish, and how: a call whose grace for a late answer
 * ({@code CALL_END_GRACE}) is over is closed as a hang-up; any other open session idle past its expiry
 * ({@code SMS_CONVERSATION_TIMEOUT} for texts, {@value #CALL_HOURS} hours for calls) is
 * closed as expired. Rules on a session and the time only: storing the ending is the relay's job.
 */
final class SessionClosing {

    /**
     * Twilio ends a call after 4 hours unless the call asks otherwise: its {@code TimeLimit} default, 14,400 s,
     * which {@code TwilioGateway.placeCall} does not change.
     */
    static final int CALL_HOURS = 4;

    /** What the sweep does with a session now. */
    sealed interface Verdict permits Finished, Open, GraceUntil, End {
    }

    /** The session already ended: nothing to close. */
    record Finished() implements Verdict {
    }

    /** Neither expired nor a call past its grace: left open (a reminder may be due). */
    record Open() implements Verdict {
    }

    /** A call that ended mid-question may still get its answer until {@code at}: look again then. */
    record GraceUntil(Instant at) implements Verdict {
    }

    /**
     * Close the session with {@code ending}.
     *
     * @param why what happened, for the log line (no personal data)
     */
    record End(SurveyInput.Ended ending, String why) implements Verdict {
    }

    private final Duration smsExpiry;
    private final Duration callEndGrace;

    /**
     * @param smsExpiry how long a texted survey may wait for its respondent ({@code SMS_CONVERSATION_TIMEOUT})
     * @param callEndGrace how long after a call ends its last answer may still arrive ({@code CALL_END_GRACE})
     */
    SessionClosing(Duration smsExpiry, Duration callEndGrace) {
        this.smsExpiry = smsExpiry;
        this.callEndGrace = callEndGrace;
    }

    Verdict judge(SurveySession session, Instant now) {
        if (session.surveyStatus().isFinal()) {
            return new Finished();
        }
        if (session.awaitingLateAnswer()) {
            Instant graceOver = session.callEndedAt().plus(callEndGrace);
            return now.isBefore(graceOver) ? new GraceUntil(graceOver)
                    : new End(new SurveyInput.Ended(SurveyStatus.ABANDONED, "hangup"),
                            "no answer came after the call ended; closing it as a hang-up");
        }
        Duration expiry = expiry(session);
        return session.updatedAt().plus(expiry).isBefore(now)
                ? new End(new SurveyInput.Ended(SurveyStatus.ABANDONED, SurveyProcessor.EXPIRED),
                        "idle for longer than " + expiry + "; closing it as expired")
                : new Open();
    }

    /** How long an open session may go without a step before it is closed as expired. */
    Duration expiry(SurveySession session) {
        return session.surveyMedium().messaging() ? smsExpiry : Duration.ofHours(CALL_HOURS);
    }
}
