package com.surveyrelay.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A session's document is in the bucket but is no session: empty, cut short, not a JSON object, or without a field a
 * session must have. Thrown by {@link SessionStore#find}; the message names the session id, never the number.
 */
public final class UnreadableSessionException extends UncheckedIOException {

    private final transient SessionRef ref;

    UnreadableSessionException(SessionRef ref, IOException cause) {
        super("the document of session " + ref.sessionId() + " is not a readable session", cause);
        this.ref = ref;
    }

    /** The session whose document this is. */
    public SessionRef ref() {
        return ref;
    }
}
