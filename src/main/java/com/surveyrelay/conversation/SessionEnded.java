package com.surveyrelay.conversation;

import com.surveyrelay.storage.StoredSession;

/**
 * Published (as a Spring application event, on the thread that wrote it) when a step has just stored a session's
 * end: once per session, by the instance whose conditional write ended it.
 *
 * @param stored the session document as written, final status and all
 */
public record SessionEnded(StoredSession stored) {
}
