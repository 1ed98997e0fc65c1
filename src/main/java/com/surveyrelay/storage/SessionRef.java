package com.surveyrelay.storage;

import com.surveyrelay.survey.E164;
import com.surveyrelay.survey.SurveySession;

/**
 * Names one session document: {@code survey-results/<E.164 digits>/<sessionId>.json}. Both parts are
 * validated, so a ref always makes a safe key.
 *
 * @param phone the respondent
 * @param sessionId a UUID this service handed out
 */
public record SessionRef(E164 phone, String sessionId) {

    public SessionRef {
        if (!SessionStore.isSessionId(sessionId)) {
            throw new IllegalArgumentException("not a session id");
        }
    }

    public static SessionRef of(SurveySession session) {
        return new SessionRef(new E164(session.surveyTo()), session.sessionId());
    }
}
