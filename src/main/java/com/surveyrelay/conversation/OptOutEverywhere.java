package com.surveyrelay.conversation;

import com.surveyrelay.storage.SessionRef;
import com.surveyrelay.storage.SessionStore;
import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveyInput;
import com.surveyrelay.survey.SurveyStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends every other open session of a number that just opted out, on every channel: a call in progress hangs up at
 * its next step, an SMS survey takes no more answers and gets no reminder. Each ends {@code OPTED_OUT} (reason
 * {@code opt-out}) with its event. The session the opt-out arrived in ends by its own step.
 */
@Component
public class OptOutEverywhere {

    private static final Logger LOG = LoggerFactory.getLogger(OptOutEverywhere.class);

    private final SessionStore store;
    private final SessionSteps steps;

    public OptOutEverywhere(SessionStore store, SessionSteps steps) {
        this.store = store;
        this.steps = steps;
    }

    /**
     * @param except the session the opt-out came in (ended by its own step), or null
     */
    public void endOpenSessions(E164 phone, String except) {
        for (SessionRef ref : store.openSessionsOf(phone)) {
            if (ref.sessionId().equals(except)) {
                continue;
            }
            steps.apply(ref, new SurveyInput.Ended(SurveyStatus.OPTED_OUT, "opt-out"))
                    .filter(step -> step.stored() != null)
                    .ifPresent(step -> LOG.info("Session {} ended: its respondent opted out", ref.sessionId()));
        }
    }
}
