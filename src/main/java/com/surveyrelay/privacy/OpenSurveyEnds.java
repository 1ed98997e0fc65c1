package com.surveyrelay.privacy;

import com.surveyrelay.outbox.OutboxLeases;
import com.surveyrelay.outbox.OutboxRelay;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.Outbox;
import com.surveyrelay.storage.SessionConflictException;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.storage.UnreadableSessionException;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyProcessor;
import com.surveyrelay.survey.SurveySession;
import com.surveyrelay.survey.SurveyStatus;
import com.surveyrelay.twilio.TwilioGateway;
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends a survey of a number being erased, so that its erasure does not wait for it (GDPR article 17(1): "without undue
 * delay"; a text survey may otherwise stay open for {@code SMS_CONVERSATION_TIMEOUT}, 24 h). The session ends
 * {@code ABANDONED} with reason {@value #REASON}, as an expiry or an opt-out ends one ({@link SurveyProcessor#end}),
 * in one conditional write ({@code If-Match}) that also empties its outbox.
 *
 * <p>That write is the fence against webhooks: a text or call step that read the session before it fails its own
 * conditional write, reads the session again, finds it ended and applies nothing; one that comes after the document is
 * deleted finds no session (a call is hung up at its next step, a text gets no survey). A call the ended survey is
 * bound to (its {@code CallSid}) is also hung up at once through Twilio's REST API ({@link TwilioGateway#hangUp}), so
 * the respondent is not left on a prompt until it times out, unless Twilio already reported it completed; should
 * Twilio fail that request, the end stands and the call's next webhook hangs up. The end publishes no event and
 * starts no channel fallback: {@code SURVEY_ABANDONED} carries the number ({@code surveyTo}) being erased, and the
 * entries still in the outbox (answers, a results copy) are the data being erased, so they are dropped, not sent.
 *
 * <p>Not while another instance holds the session's delivery lease ({@link #refuseWhileDeliveredElsewhere}): that
 * instance delivers, and retries, from its own copy of the entries without reading the document again, so it would
 * publish them after the erasure answered. The erasure is refused {@code 409} until the lease ends; this instance's own
 * relay drops its copy once the document is deleted ({@link #erased}).
 */
@Component
class OpenSurveyEnds {

    /** The end reason of a session ended by its respondent's erasure. */
    static final String REASON = SurveyProcessor.ERASED;
    private static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(OpenSurveyEnds.class);

    private final SessionStore sessions;
    private final SurveyProcessor processor;
    private final OpenSessionMarkers markers;
    private final OutboxRelay relay;
    private final OutboxLeases leases;
    private final TwilioGateway twilio;
    private final Clock clock;

    OpenSurveyEnds(SessionStore sessions, SurveyProcessor processor, OpenSessionMarkers markers, OutboxRelay relay,
            OutboxLeases leases, TwilioGateway twilio, Clock clock) {
        this.sessions = sessions;
        this.twilio = twilio;
        this.leases = leases;
        this.processor = processor;
        this.markers = markers;
        this.relay = relay;
        this.clock = clock;
    }

    /**
     * What ending one session came to.
     *
     * @param stored the document as it stands after the end, for the erasure to delete (and find its results
     *     copies by); an ended survey's status is {@code ABANDONED}
     * @param ended true when this call ended a survey that was running
     * @param hadUndelivered true when entries the relay had not delivered were dropped (an event, maybe the results
     *     copy of a survey that had just finished)
     */
    record Ending(StoredSession stored, boolean ended, boolean hadUndelivered) {
    }

    /**
     * Ends the session, unless it is final with nothing left to deliver, and empties its outbox, re-reading it and
     * trying again when a webhook wrote first ({@value #MAX_ATTEMPTS} tries). A running survey bound to a call is then
     * hung up ({@link #hangUp}); that request failing does not fail the end.
     *
     * @return empty when there is no such session (or its document reads as none, to be deleted by its key)
     * @throws HttpProblem {@code 409 survey_in_progress} when another instance holds the session's delivery lease
     *     ({@link #refuseWhileDeliveredElsewhere}); {@code 503 busy} when the session kept changing under the end
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    Optional<Ending> end(SessionRef ref) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredSession> found;
            try {
                found = sessions.find(ref);
            } catch (UnreadableSessionException e) {
                return Optional.empty();
            }
            if (found.isEmpty()) {
                return Optional.empty();
            }
            StoredSession read = found.get();
            refuseWhileDeliveredElsewhere(read);
            SurveySession before = read.session();
            SurveySession after = processor.end(before, new SurveyInput.Ended(SurveyStatus.ABANDONED, REASON))
                    .session();
            if (after.equals(before) && read.outbox().isEmpty()) {
                return Optional.of(new Ending(read, false, false));
            }
            Outbox emptied = new Outbox(read.outbox().nextSequence(), List.of(), null);
            try {
                StoredSession written = sessions.replace(read, after, emptied, read.inbox());
                boolean ended = !before.surveyStatus().isFinal();
                // A call Twilio already reported completed (the session kept open for a late answer) is not hung up.
                if (ended && before.callEndedAt() == null && read.inbox() != null
                        && read.inbox().callSid() != null) {
                    hangUp(read.inbox().callSid(), before.sessionId());
                }
                return Optional.of(new Ending(written, ended, !read.outbox().isEmpty()));
            } catch (SessionConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new HttpProblem(503, "busy", "A survey of this number kept changing while the erasure "
                            + "ended it; nothing of it was erased. Send the request again.");
                }
            }
        }
    }

    /**
     * Hangs up the call of a survey just ended, after the end's write, so that the status callback the hang-up brings
     * finds the session ended. A call already over, or Twilio failing (after {@link TwilioGateway}'s retries and within
     * its timeouts), is logged without the number and changes nothing: the call's next webhook finds no survey and
     * hangs up.
     */
    private void hangUp(String callSid, String sessionId) {
        try {
            twilio.hangUp(callSid);
        } catch (RuntimeException e) {
            LOG.warn("Could not hang up the call of session {}, ended for its respondent's erasure ({}); its next "
                    + "step hangs up", sessionId,
                    e instanceof HttpProblem problem ? problem.code() : e.getClass().getSimpleName());
        }
    }

    /**
     * Refuses the erasure while another instance holds the session's delivery lease and its outbox has entries: that
     * instance publishes them from its own copy, retrying for as long as it renews the lease (an EventBridge outage),
     * so an erasure must wait. Passes when nobody else delivers (no entries, no lease, a lapsed one, or this
     * instance's).
     *
     * @throws HttpProblem {@code 409 survey_in_progress}, naming the seconds left of the lease, which its
     *     {@code Retry-After} gives too (none until 2026-12-07: a data-request pipeline had to read the English)
     */
    void refuseWhileDeliveredElsewhere(StoredSession session) {
        Instant now = clock.instant();
        Outbox outbox = session.outbox();
        if (outbox.isEmpty() || outbox.deliverableBy(leases.owner(), now)) {
            return;
        }
        long seconds = Math.max(1, Duration.between(now, outbox.lease().until()).toSeconds());
        throw new HttpProblem(409, "survey_in_progress", "Another instance is delivering the events of a survey of "
                + "this number (its lease ends in " + seconds + " s); nothing of that survey was erased. Send the "
                + "request again after that.", (int) seconds);
    }

    /**
     * After the session's document was deleted: its open marker goes, and this instance's relay drops any copy it
     * kept, for good ({@link OutboxRelay#erased}: a batch in flight does not bring it back), so that it delivers
     * nothing more from it. A marker a webhook's step writes back in the same instant names no document any more: the
     * step removes it when its own write finds the document gone, the erasure when its last look at the number's
     * markers finds it, and the relay's sweep, five minutes on, one written later still.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    void erased(SessionRef ref) {
        markers.unmarkOpen(ref);
        relay.erased(ref, clock.instant());
    }
}
