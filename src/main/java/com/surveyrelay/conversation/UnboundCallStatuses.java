package com.surveyrelay.conversation;

import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.twilio.TwilioLookups;
import com.surveyrelay.web.HttpProblem;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides whether a call's status callback may end a call survey that no call webhook bound to a call yet (no answer,
 * busy, failed: no voice step came), by the number's {@link CallPointers call pointer}, which names the call Twilio's
 * answer to the creation gave. Exists because a session's call can be placed twice (the creation was sent again after
 * Twilio answered it 5xx, and Twilio had placed the first one too): the two calls ring at once, one is answered and
 * the other often rings busy, and the busy one's callback may come before the answered one's first voice step.
 *
 * <ul>
 *   <li>The pointer names this session with another call's sid: the callback is not the session's call's.</li>
 *   <li>It names this call, and its creation was sent again ({@link CallPointers.CallPointer#retriedCreation}):
 *       Twilio's list of the calls to the number from a minute before the pointer's last write is asked (one REST
 *       request, only on this path; the minute is {@code LostCallStatus.CLOCK_MARGIN}, for the clocks' skew).
 *       Another call there still live ({@code queued}, {@code ringing}, {@code in-progress}) may run the survey: the
 *       callback is not taken, and the pointer is moved to that call (one conditional write), so that its own
 *       callback is taken and a later start asks Twilio about it. A {@code completed} one is not counted: one that
 *       ran this survey would have bound the session at its first voice step, and the list may hold an earlier
 *       survey's call to the number, which ended before the claim (review, 2026-12-05). When Twilio cannot say, the
 *       callback is taken, as before.</li>
 *   <li>Otherwise (this call, a pointer naming another session or no sid) the call is taken.</li>
 * </ul>
 */
@Component
class UnboundCallStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(UnboundCallStatuses.class);
    /** A call's statuses while it may still reach the respondent (Twilio's Call resource {@code status}). */
    private static final java.util.Set<String> LIVE = java.util.Set.of("queued", "ringing", "in-progress");

    private final CallPointers pointers;
    private final TwilioLookups twilio;

    UnboundCallStatuses(CallPointers pointers, TwilioLookups twilio) {
        this.pointers = pointers;
        this.twilio = twilio;
    }

    /**
     * Whether call {@code callSid}'s status callback may be applied to session {@code ref}, which no call webhook bound
     * yet. One S3 GET; one Twilio list and maybe one S3 write when the pointer's creation was sent again.
     *
     * @param callSid the callback's {@code CallSid} ({@code CA} and 32 hex digits)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails (the callback is retried)
     */
    boolean takes(SessionRef ref, String callSid) {
        Optional<CallPointers.CallPointer> found = pointers.find(ref.phone())
                .filter(pointer -> ref.sessionId().equals(pointer.sessionId()) && pointer.callSid() != null);
        if (found.isEmpty()) {
            return true;
        }
        CallPointers.CallPointer pointer = found.get();
        if (!pointer.callSid().equals(callSid)) {
            return false;
        }
        if (!pointer.retriedCreation()) {
            return true;
        }
        Optional<TwilioLookups.PlacedCall> other;
        try {
            other = twilio.callsTo(ref.phone(), pointer.pointedAt().minus(LostCallStatus.CLOCK_MARGIN)).stream()
                    .filter(call -> !call.sid().equals(callSid) && LIVE.contains(call.status()))
                    .findFirst();
        } catch (RuntimeException e) {
            LOG.warn("Could not ask Twilio whether session {} has another call, so its call's status is taken: {}",
                    ref.sessionId(), e instanceof HttpProblem problem ? problem.code() : e.toString());
            return true;
        }
        if (other.isEmpty()) {
            return true;
        }
        LOG.info("Session {} has another call, {} at Twilio: the status of call {} is not taken, and the number's "
                + "pointer now names the other", ref.sessionId(), other.get().status(), callSid);
        if (!pointers.recordCall(ref.phone(), pointer.etag(), ref.sessionId(), other.get().sid(), false)) {
            LOG.info("The number's call pointer changed before it could name session {}'s other call",
                    ref.sessionId());
        }
        return false;
    }
}
