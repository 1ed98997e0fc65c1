package com.surveyrelay.conversation;

import com.surveyrelay.survey.SurveySession;

/**
 * A call webhook (voice step or status callback) of a call that is not the session's: the session is bound to
 * another {@code CallSid} ({@link com.surveyrelay.storage.Inbox#callSid()}), or, not bound yet, its number's call
 * pointer names another call for it. Twilio sends one when a session's call was placed twice (a creation answered
 * 5xx within 2 s and sent again, which Twilio had placed all the same):
 * both calls carry the session's URLs. The session is left as it was.
 */
class OtherCallException extends RuntimeException {

    private final transient SurveySession session;

    /** @param session the session as the webhook found it, for the language of the goodbye */
    OtherCallException(SurveySession session) {
        super("session " + session.sessionId() + " is bound to another call", null, false, false);
        this.session = session;
    }

    /** The session as the webhook found it. */
    SurveySession session() {
        return session;
    }
}
