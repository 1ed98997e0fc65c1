package com.surveyrelay.trigger;

/**
 * A queued start request that did not start now but may later (the number is in another survey, or storage or Twilio
 * failed): the {@code survey-trigger} route fails its exchange with this, so the SQS consumer leaves the message on
 * the queue, which delivers it again after its visibility timeout (or, for a key claimed by a first request without
 * an outcome, when the claim may be taken over: {@code RedeliveryDelay}). The message says which request, which
 * delivery of how many, and why, without a phone number; the cause is the failure itself.
 */
public final class RedeliveryRequested extends RuntimeException {

    private final String reason;

    /**
     * @param reason the failure's start error code ({@code survey_in_progress}, {@code survey_unavailable},
     *     {@code idempotency_key_in_use}, {@code internal_error}...)
     * @param message the one line the route's consumer logs for it
     * @param cause the failure
     */
    public RedeliveryRequested(String reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
