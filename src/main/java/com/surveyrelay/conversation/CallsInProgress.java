package com.surveyrelay.conversation;

import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.E164;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a number to one survey call at a time: four starts to one number at once rang four calls, and a busy one's
 * SMS fallback took the number's texts from the call still running. A start takes the number's
 * {@link CallPointers pointer} by a conditional write, after checking that the call it names has ended; of two starts
 * at the same moment, on one instance or several, one calls and the other answers {@code 409 survey_in_progress}
 * having sent nothing. A call survey counts as running while its session is not final and changed within
 * {@link #LONGEST_CALL} (a call whose end Twilio never reported does not hold the number for good).
 *
 * <p>A session not final yet unchanged for {@link LostCallStatus#ASK_TWILIO_AFTER} is one whose status callback
 * may have been lost: {@link LostCallStatus} asks Twilio about the call, by the sid the session is bound to, else the
 * one the pointer keeps ({@link #placed}, {@link #callOf}), ends the session when the call is over, and the start
 * goes on; otherwise the start is refused.
 */
@Component
class CallsInProgress {

    private static final Logger LOG = LoggerFactory.getLogger(CallsInProgress.class);
    /** Twilio ends a call after its {@code TimeLimit}, four hours unless set otherwise. */
    static final Duration LONGEST_CALL = Duration.ofHours(4);
    /** A pointer to a session not yet stored is a start under way for this long (as for texts). */
    private static final Duration STARTING = Duration.ofMinutes(1);

    private final CallPointers pointers;
    private final SessionStore store;
    private final Clock clock;
    private final LostCallStatus lostCallStatus;

    CallsInProgress(CallPointers pointers, SessionStore store, Clock clock, LostCallStatus lostCallStatus) {
        this.pointers = pointers;
        this.store = store;
        this.clock = clock;
        this.lostCallStatus = lostCallStatus;
    }

    /**
     * The number taken for a new call survey: what its pointer was, to give back should the start store nothing.
     *
     * @param to the number
     * @param etag the pointer's ETag as this start wrote it
     * @param before the pointer as it was; empty when the number had none
     */
    record Claim(E164 to, String etag, Optional<CallPointers.CallPointer> before) {
    }

    /**
     * Takes the number for the call survey {@code sessionId}.
     *
     * @throws HttpProblem 409 {@code survey_in_progress} when the number's last survey call still runs, or another
     *     start took the number at the same moment
     */
    Claim claim(E164 to, String sessionId) {
        Optional<CallPointers.CallPointer> current = pointers.find(to);
        current.ifPresent(pointer -> checkEnded(to, pointer));
        String etag = pointers.claim(to, sessionId, current.orElse(null)).orElseThrow(() -> new HttpProblem(409,
                SurveyOpener.SURVEY_IN_PROGRESS, "Another survey call to this number was started at the same moment."));
        return new Claim(to, etag, current);
    }

    /**
     * Keeps the sid Twilio gave the claimed number's call on its pointer (one conditional write), for a later start
     * to ask Twilio with should the call's status callback never come. A failure only logs: the number is then held
     * as when Twilio cannot be asked, up to {@link #LONGEST_CALL}.
     *
     * The pointer also keeps whether the creation was sent again after a 5xx, when Twilio may have placed a second
     * call for the session ({@link CallPointers.CallPointer#retriedCreation}).
     *
     * @param created as {@link com.surveyrelay.twilio.TwilioGateway#placeCall} returned it
     */
    void placed(Claim claim, String sessionId, TwilioGateway.CallCreation created) {
        try {
            if (!pointers.recordCall(claim.to(), claim.etag(), sessionId, created.sid(),
                    created.retriedAfterError())) {
                LOG.info("The number's call pointer changed before the call's sid was kept on it");
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not keep the call's sid on the number's pointer: {}", e.toString());
        }
    }

    /** Gives the number back after a start that stored no session; a failure to do so only logs. */
    void giveBack(Claim claim) {
        try {
            pointers.giveBack(claim.to(), claim.etag(), claim.before());
        } catch (RuntimeException e) {
            LOG.warn("Could not give back the number of a call start that stored no session: {}", e.toString());
        }
    }

    /**
     * The call to ask Twilio about for {@code session}: the one its first call webhook bound it to
     * ({@link com.surveyrelay.storage.Inbox#callSid()}), else the pointer's. They differ when the session's call was
     * placed twice (a creation retried after Twilio's 5xx): the pointer keeps the sid of the creation Twilio answered,
     * which may be the call that rang busy while the other one ran the survey.
     *
     * @return a sid as stored (not checked here: {@link LostCallStatus} refuses one not of a call sid's shape), or
     *     null when neither holds one (Twilio's call list is asked)
     */
    private static String callOf(StoredSession session, CallPointers.CallPointer pointer) {
        String bound = session.inbox().callSid();
        return bound != null ? bound : pointer.callSid();
    }

    private void checkEnded(E164 to, CallPointers.CallPointer pointer) {
        if (pointer.sessionId() == null) {
            return;
        }
        SessionRef previousRef = new SessionRef(to, pointer.sessionId());
        if (store.seenFinal(previousRef)) {
            return;
        }
        Optional<StoredSession> previous = store.find(previousRef);
        if (previous.isEmpty() && pointer.pointedAt().plus(STARTING).isAfter(clock.instant())) {
            throw new HttpProblem(409, SurveyOpener.SURVEY_IN_PROGRESS,
                    "Another survey call to this number was started at the same moment.");
        }
        if (previous.isPresent() && !previous.get().session().surveyStatus().isFinal()
                && previous.get().session().updatedAt().plus(LONGEST_CALL).isAfter(clock.instant())
                && !lostCallStatus.endedAtTwilio(previous.get().ref(), callOf(previous.get(), pointer),
                        previous.get().session().updatedAt(), pointer.pointedAt())) {
            throw new SurveyInProgress("This number is on another survey call; start another when it ends.",
                    previous.get().session().surveyId());
        }
    }
}
