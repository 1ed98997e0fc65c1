package com.surveyrelay.privacy;

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
import com.surveyrelay.web.HttpProblem;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Ends a survey of a number being erased, so that its erasure does not wait for it (GDPR article 17(1): "without undue
 * delay"; a text survey may otherwise stay open for {@code SMS_CONVERSATION_TIMEOUT}, 24 h). The session ends
 * {@code ABANDONED} with reason {@value #REASON}, as an expiry or an opt-out ends one ({@link SurveyProcessor#end}),
 * in one conditional write ({@code If-Match}) that also empties its outbox.
 *
 * <p>That write is the fence against webhooks: a text or call step that read the session before it fails its own
 * conditional write, reads the session again, finds it ended and applies nothing; one that comes after the document is
 * deleted finds no session (a call is hung up at its next step, a text gets no survey). The end publishes no event and
 * starts no channel fallback: {@code SURVEY_ABANDONED} carries the number ({@code surveyTo}) being erased, and the
 * entries still in the outbox (answers, a results copy) are the data being erased, so they are dropped, not sent.
 */
@Component
class OpenSurveyEnds {

    /** The end reason of a session ended by its respondent's erasure. */
    static final String REASON = "erased";
    private static final int MAX_ATTEMPTS = 8;

    private final SessionStore sessions;
    private final SurveyProcessor processor;
    private final OpenSessionMarkers markers;
    private final OutboxRelay relay;
    private final Clock clock;

    OpenSurveyEnds(SessionStore sessions, SurveyProcessor processor, OpenSessionMarkers markers, OutboxRelay relay,
            Clock clock) {
        this.sessions = sessions;
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
     * trying again when a webhook wrote first ({@value #MAX_ATTEMPTS} tries).
     *
     * @return empty when there is no such session (or its document reads as none, to be deleted by its key)
     * @throws HttpProblem {@code 503 busy} when the session kept changing under the end
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
            SurveySession before = read.session();
            SurveySession after = processor.end(before, new SurveyInput.Ended(SurveyStatus.ABANDONED, REASON))
                    .session();
            if (after.equals(before) && read.outbox().isEmpty()) {
                return Optional.of(new Ending(read, false, false));
            }
            Outbox emptied = new Outbox(read.outbox().nextSequence(), List.of(), null);
            try {
                StoredSession written = sessions.replace(read, after, emptied, read.inbox());
                return Optional.of(new Ending(written, !before.surveyStatus().isFinal(), !read.outbox().isEmpty()));
            } catch (SessionConflictException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new HttpProblem(503, "busy", "A survey of this number kept changing while the erasure "
                            + "ended it; nothing of it was erased. Send the request again.");
                }
            }
        }
    }

    /**
     * After the session's document was deleted: its open marker goes, and this instance's relay drops any copy it
     * kept, so that it delivers nothing more from it. A marker a webhook writes back in the same instant names no
     * document any more and is removed by the relay's sweep.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails
     */
    void erased(SessionRef ref) {
        markers.unmarkOpen(ref);
        relay.wakeFromBucket(ref, clock.instant());
    }
}
