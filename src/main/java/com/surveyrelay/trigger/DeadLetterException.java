package com.surveyrelay.trigger;

/**
 * A queued start request that can never start a survey (malformed, unknown survey, opted-out number...):
 * it goes to the dead-letter queue with this reason instead of being retried.
 */
public final class DeadLetterException extends RuntimeException {

    private final String reason;

    public DeadLetterException(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
