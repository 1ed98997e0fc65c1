package com.surveyrelay.conversation;

import com.surveyrelay.web.HttpProblem;

/**
 * A start whose text or call left for Twilio without an answer: it may have gone out. The session stays open
 * for the reply, and the idempotency key is kept as started, so no retry sends again.
 */
public final class StartOutcomeUnknown extends HttpProblem {
    private final String sessionId;

    public StartOutcomeUnknown(HttpProblem problem, String sessionId) {
        super(problem.status(), problem.code(), problem.getMessage());
        this.sessionId = sessionId;
    }

    /** The session the start opened and keeps open, to take the reply should the text or call have gone out. */
    public String sessionId() {
        return sessionId;
    }
}
