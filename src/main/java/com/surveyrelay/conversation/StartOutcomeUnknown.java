package com.surveyrelay.conversation;

import com.surveyrelay.storage.TriggerLedger;
import com.surveyrelay.web.HttpProblem;

/**
 * A start whose text or call left for Twilio without an answer: it may have gone out. The session stays open
 * for the reply, and the idempotency key is kept as started, so no retry sends again.
 */
public final class StartOutcomeUnknown extends HttpProblem {
    private final String sessionId;
    private final transient TriggerLedger.FirstAnswer firstAnswer;

    public StartOutcomeUnknown(HttpProblem problem, String sessionId) {
        this(problem, sessionId, null);
    }

    /**
     * @param firstAnswer the session's survey, channel and language, kept under the start's idempotency key for a
     *     repeat to be answered with (its {@code twilioSid} null: Twilio gave none); null when not known
     */
    public StartOutcomeUnknown(HttpProblem problem, String sessionId, TriggerLedger.FirstAnswer firstAnswer) {
        super(problem.status(), problem.code(), problem.getMessage());
        this.sessionId = sessionId;
        this.firstAnswer = firstAnswer;
    }

    /** What a repeat of the start is answered besides the session id ({@link TriggerLedger.FirstAnswer}), or null. */
    public TriggerLedger.FirstAnswer firstAnswer() {
        return firstAnswer;
    }

    /** The session the start opened and keeps open, to take the reply should the text or call have gone out. */
    public String sessionId() {
        return sessionId;
    }
}
