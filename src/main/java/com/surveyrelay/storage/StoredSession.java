package com.surveyrelay.storage;

import com.surveyrelay.survey.SurveySession;

/** A session as read from the bucket, with the ETag a conditional write must match. */
public record StoredSession(SurveySession session, String etag) {
}
