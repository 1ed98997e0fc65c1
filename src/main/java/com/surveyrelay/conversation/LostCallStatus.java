package com.surveyrelay.conversation;

import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.twilio.TwilioLookups;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends a call survey whose status callback never came (dropped, our instances down, a signature that no longer
 * matched), so that it stops holding its number ({@link CallsInProgress}) for up to four hours. A session not final
 * yet unchanged for {@link #ASK_TWILIO_AFTER} is asked about at Twilio ({@code GET Calls/<sid>}), by the sid of the
 * call its first call webhook bound it to ({@code inbox.callSid}), else the one the number's
 * {@link CallPointers pointer} keeps (the two differ when the session's call was placed twice); when Twilio says the
 * call is over ({@code completed}, {@code busy}, {@code failed}, {@code no-answer}, {@code canceled}) the session ends
 * at once, for good ({@link CallWebhooks#onCallFoundOver}): no wait for a late answer, and no SMS fallback, which would
 * text the old survey while the new call rings, up to hours after the old one. A call Twilio no longer knows (its
 * {@code GET Calls/<sid>} answers 404, Twilio error 20404: the call record was deleted, or the local emulator
 * restarted) ends its session so too, reason {@link SurveyProcessor#CALL_NOT_FOUND}, once Twilio's list of the calls
 * to the number answers (so the account's URLs work: a wrong account SID gets 404 for all of them) and names none
 * still running; the end is logged at WARN, with the sids and no number.
 *
 * <p>Refuses (the number stays held) when Twilio cannot say (5xx, no answer, a refusal), when the sid is missing
 * (Twilio never answered the call's creation) and Twilio cannot list the calls to the number, or is not a call sid's
 * shape ({@code CA} and 32 hex digits: the sid is read back from the bucket, and goes into Twilio's URL), and when the
 * end could not be stored.
 */
@Component
class LostCallStatus {

    private static final Logger LOG = LoggerFactory.getLogger(LostCallStatus.class);
    /**
     * How long an unfinished call survey goes unchanged before a start asks Twilio about its call: two minutes. A
     * status callback Twilio sent arrives within seconds of the call's end, and one storage could not take is tried
     * again for about a minute ({@link StatusCallbackRetries}); a session still open after both is one whose callback
     * is not coming. A call in progress changes its session at every turn (each {@code <Gather>} waits seconds), so
     * what goes unchanged this long is a call ringing, queued, or over: a start refused sooner costs no Twilio request.
     */
    static final Duration ASK_TWILIO_AFTER = Duration.ofMinutes(2);
    /**
     * How far before the number's claim a listed call may have been created and still be the claim's: the pointer's
     * time is S3's {@code Last-Modified} and the call's Twilio's {@code date_created}, each to the second and on
     * clocks of their own. The newest call is taken, so an earlier survey's call in this margin is taken only when the
     * claim's call does not exist.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);
    /** The status a call never created ends with: Twilio's own word for a call it could not place. */
    static final String NEVER_CREATED = "failed";

    private final Clock clock;
    private final TwilioLookups twilio;
    private final CallWebhooks calls;

    LostCallStatus(Clock clock, TwilioLookups twilio, CallWebhooks calls) {
        this.clock = clock;
        this.twilio = twilio;
        this.calls = calls;
    }

    /**
     * Whether the unfinished call survey {@code session} is over: asked of Twilio only once the session has gone
     * unchanged for {@link #ASK_TWILIO_AFTER}, and when Twilio says so, the session is ended (stored) first. Failures
     * only log.
     *
     * <p>A pointer with no sid is a call whose creation Twilio never answered (a timeout, a reset), or whose sid could
     * not be kept: Twilio's list of the calls from our number to the respondent, created since the number was
     * claimed (less {@link #CLOCK_MARGIN}), names it. None there means the call was never created: the session ends
     * as Twilio's {@code failed} would have ended it, and the number is free.
     *
     * @param callSid the sid of the call the session is bound to, else the one on the number's pointer; null asks
     *     Twilio's call list; anything not a call sid's shape (a document this service did not write) is never sent
     *     to Twilio
     * @param changed the session's {@code updatedAt}
     * @param claimed when the number's pointer was written, just before the call was created
     * @return true when the session is final now (its call over, or unknown to Twilio); false when it was not asked
     *     about, Twilio says the call runs or cannot say, the sid is not a call sid, or the end could not be stored
     */
    boolean endedAtTwilio(SessionRef session, String callSid, Instant changed, Instant claimed) {
        if (changed.plus(ASK_TWILIO_AFTER).isAfter(clock.instant())) {
            return false;
        }
        if (callSid != null && !CallWebhooks.isCallSid(callSid)) {
            LOG.info("Session {} has gone unchanged for {}, but the call sid kept for it is not valid: the number "
                    + "stays held", session.sessionId(), ASK_TWILIO_AFTER);
            return false;
        }
        String status;
        try {
            status = callSid != null ? statusOfCall(session, callSid, claimed)
                    : statusOfCallPlacedSince(session, claimed);
        } catch (RuntimeException e) {
            LOG.warn("Could not ask Twilio whether call {} of session {} is over, so the number stays held: {}",
                    callSid == null ? "(sid unknown)" : callSid, session.sessionId(),
                    e instanceof HttpProblem problem ? problem.code() : e.toString());
            return false;
        }
        if (status.equals(SurveyProcessor.CALL_NOT_FOUND)) {
            LOG.warn("Twilio no longer knows call {} of session {} (HTTP 404, error 20404), yet lists the account's "
                    + "calls: the session ends as {}", callSid, session.sessionId(), status);
        } else if (!SurveyProcessor.CALL_OVER.contains(status)) {
            LOG.info("Call {} of session {} is {} at Twilio: the number stays held",
                    callSid == null ? "(sid unknown)" : callSid, session.sessionId(), status);
            return false;
        } else {
            LOG.info("Call {} of session {} is {} at Twilio, but its status callback never came: the session ends so",
                    callSid == null ? "(sid unknown)" : callSid, session.sessionId(), status);
        }
        try {
            return calls.onCallFoundOver(session, status);
        } catch (RuntimeException e) {
            // Not stored: the number stays held, and the next start asks again.
            LOG.warn("Could not end session {} as Twilio reported its call, so the number stays held: {}",
                    session.sessionId(), e.toString());
            return false;
        }
    }

    /**
     * The status of call {@code callSid} at Twilio; {@link SurveyProcessor#CALL_NOT_FOUND} when Twilio no longer knows
     * it (the call's own {@code GET Calls/<sid>} answers 404 with Twilio error 20404: its record was deleted, or a
     * local emulator restarted) while the account's list of calls to the number since the claim answers and names no
     * call still running there.
     *
     * <p>Why the list is asked: under a wrong account SID (a deploy with another account's SID beside an API key, say)
     * Twilio answers 404 with error 20404 for every URL of the account, so a 404 of the call alone would end every
     * held session, calls still running included, for good. The list answering proves the account's URLs work; a call
     * it names that is queued, ringing or in progress (the session's call placed twice) keeps the number, as that
     * call's status.
     *
     * @throws HttpProblem when Twilio cannot say, or the list fails too ({@link TwilioGateway#NOT_FOUND} for a wrong
     *     account): the number stays held
     */
    private String statusOfCall(SessionRef session, String callSid, Instant claimed) {
        try {
            return twilio.callStatus(callSid);
        } catch (HttpProblem problem) {
            if (!TwilioGateway.NOT_FOUND.equals(problem.code())) {
                throw problem;
            }
        }
        return twilio.callsTo(session.phone(), claimed.minus(CLOCK_MARGIN)).stream()
                .filter(call -> !SurveyProcessor.CALL_OVER.contains(call.status()))
                .findFirst()
                .map(running -> {
                    LOG.info("Twilio no longer knows call {} of session {}, but lists call {} to the number as {}",
                            callSid, session.sessionId(), running.sid(), running.status());
                    return running.status();
                })
                .orElse(SurveyProcessor.CALL_NOT_FOUND);
    }

    /**
     * The status of the newest call Twilio created to the session's number since {@code claimed} (less
     * {@link #CLOCK_MARGIN}); {@code failed} when it holds none: the creation Twilio never answered created nothing.
     */
    private String statusOfCallPlacedSince(SessionRef session, Instant claimed) {
        return twilio.lastCallTo(session.phone(), claimed.minus(CLOCK_MARGIN)).map(call -> {
            LOG.info("Twilio's call list names call {} for session {}, which kept no call sid", call.sid(),
                    session.sessionId());
            return call.status();
        }).orElseGet(() -> {
            LOG.info("Twilio holds no call to the number of session {} since it was claimed: its call was never "
                    + "created", session.sessionId());
            return NEVER_CREATED;
        });
    }
}
