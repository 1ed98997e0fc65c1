package com.surveyrelay.conversation;

import com.surveyrelay.storage.StoredSession;
import com.surveyrelay.survey.SurveyInput;

/**
 * Published (as a Spring application event, on the thread that wrote it) when a step has just stored a session's
 * end: once per session, by the instance whose conditional write ended it.
 *
 * @param stored the session document as written, final status and all
 * @param cause the input whose step ended it: a listener tells a call's end from its status callback (or a late
 *     answer, or the grace running out) from one learned by asking Twilio ({@link SurveyInput.CallFoundOver})
 */
public record SessionEnded(StoredSession stored, SurveyInput cause) {
}
