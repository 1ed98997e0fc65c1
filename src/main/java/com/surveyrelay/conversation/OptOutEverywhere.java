package com.surveyrelay.conversation;

import com.surveyrelay.storage.CallPointers;
import com.surveyrelay.storage.OpenSessionMarkers;
import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends every other open session of a number that just opted out, on every channel: a call in progress hangs up at
 * its next step, an SMS survey takes no more answers and gets no reminder. Each ends {@code OPTED_OUT} (reason
 * {@code opt-out}) with its event. The session the opt-out arrived in ends by its own step.
 *
 * <p>An opt-out texted by a number that has no SMS survey reaches no session by itself: it is published with the
 * number's last survey call ({@link #publishWithLastCall}), so the enterprise learns of it from the same event.
 */
@Component
public class OptOutEverywhere {

    private static final Logger LOG = LoggerFactory.getLogger(OptOutEverywhere.class);

    private final OpenSessionMarkers markers;
    private final SessionSteps steps;
    private final CallPointers callPointers;

    /**
     * @param markers finds the number's open sessions ({@code open-sessions/<digits>/})
     * @param steps applies the opt-out to each session as a conditional write, with its event in the outbox
     * @param callPointers names the number's last survey call ({@code call-surveys/}), for an opt-out texted by a
     *     number that was only ever called
     */
    public OptOutEverywhere(OpenSessionMarkers markers, SessionSteps steps, CallPointers callPointers) {
        this.markers = markers;
        this.steps = steps;
        this.callPointers = callPointers;
    }

    /**
     * Publishes an opt-out texted by a number with no SMS survey in its last survey call's session (the one its
     * {@code call-surveys/} pointer names): {@code SURVEY_OPTED_OUT} with that session's id, survey and status, through
     * the session's outbox like every event (see {@link SurveyInput.OptOutTexted}). Applied once per text: the step
     * records the {@code MessageSid} in the session, so Twilio's repeated deliveries, and a kept text applied after a
     * storage outage, publish nothing more.
     *
     * @param messageSid the text's Twilio {@code MessageSid}; null (not Twilio's shape) applies it on every delivery
     * @return the stored step, for the caller to hand to the relay; empty when the number was never given a survey
     *     call (no pointer, or one this service did not write) or its session is gone (erased)
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails: the caller's text is retried or kept
     */
    public Optional<SessionSteps.Step> publishWithLastCall(E164 phone, String messageSid) {
        return callPointers.find(phone).map(CallPointers.CallPointer::sessionId).filter(SessionStore::isSessionId)
                .flatMap(sessionId -> steps.apply(new SessionRef(phone, sessionId), new SurveyInput.OptOutTexted(),
                        messageSid, true));
    }

    /**
     * Ends every open session of the number but {@code except}: each becomes {@code OPTED_OUT} (reason
     * {@code opt-out}) in one conditional write with its event, and one that cannot take the step (ended meanwhile,
     * or gone) is left as it is.
     *
     * @param except the session the opt-out came in (ended by its own step), or null
     * @return how many sessions it ended
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails, or {@code HttpProblem} 503
     *     {@code busy} when a session kept changing under the step ({@link SessionSteps#apply}); the sessions not
     *     reached yet stay open
     */
    public int endOpenSessions(E164 phone, String except) {
        int ended = 0;
        for (SessionRef ref : markers.openSessionsOf(phone)) {
            if (ref.sessionId().equals(except)) {
                continue;
            }
            if (steps.apply(ref, new SurveyInput.Ended(SurveyStatus.OPTED_OUT, "opt-out"))
                    .filter(step -> step.stored() != null).isPresent()) {
                LOG.info("Session {} ended: its respondent opted out", ref.sessionId());
                ended++;
            }
        }
        return ended;
    }
}
