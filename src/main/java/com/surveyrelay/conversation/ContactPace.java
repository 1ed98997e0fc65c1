package com.surveyrelay.conversation;

/**
 * What a start waits for right before its first contact reaches Twilio, after its session is stored: the pace a
 * campaign's rows keep ({@code CAMPAIGN_RATE_PER_SECOND}) holds where Twilio counts it, at the text or call request,
 * not some milliseconds of S3 writes earlier, which vary from one start to the next and would bunch the requests.
 * A text in several parts waits once, for its first part.
 */
@FunctionalInterface
public interface ContactPace {

    /** No wait: a start on its own (an HTTP request, a bus event, a fallback text). */
    ContactPace NONE = () -> { };

    /**
     * Returns when this contact may go: at once, or after a wait in the order the contacts asked. Interrupted (the
     * instance stopping), it returns at once with the thread's interrupt flag set again, and the contact goes as a
     * contact interrupted in flight would: its session is stored, so a contact dropped here would leave it open with
     * nobody asked.
     */
    void awaitTurn();
}
