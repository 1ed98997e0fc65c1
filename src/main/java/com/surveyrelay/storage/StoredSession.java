package com.surveyrelay.storage;

import com.surveyrelay.survey.SurveySession;

/**
 * A session document as read from the bucket: the survey state and results, its outbox and its inbox, with
 * the ETag a conditional write must match.
 */
public record StoredSession(SurveySession session, Outbox outbox, Inbox inbox, String etag) {

    public StoredSession {
        outbox = outbox == null ? Outbox.EMPTY : outbox;
        inbox = inbox == null ? Inbox.EMPTY : inbox;
    }

    /** Where the document lives: the respondent and the session. */
    public SessionRef ref() {
        return SessionRef.of(session);
    }
}
