package com.surveyrelay.storage;

/** Someone else wrote the object since we read it (HTTP 412): re-read and re-apply. */
public final class SessionConflictException extends RuntimeException {

    public SessionConflictException(String key) {
        super("concurrent update of " + key, null, false, false);
    }
}
