package com.surveyrelay.conversation;

/**
 * What a start waits for right before its first contact reaches Twilio, after its session is stored: the pace a
 * campaign's rows keep ({@code CAMPAIGN_RATE_PER_SECOND}) holds where Twilio counts it, at the text or call request,
 * not some milliseconds of S3 writes earlier, which vary from one start to the next and would bunch the requests.
 * A text in several parts waits once, for its first part.
 */
@FunctionalInterface
public interface ContactPace {

    /**
     * No wait: a start on its own (an HTTP request, a bus event, a fallback text). It answers false and leaves the
     * thread's interrupt flag as it is: nothing here waits, so there is no wait to report cut short.
     */
    ContactPace NONE = () -> false;

    /**
     * Returns when this contact may go: at once, or after a wait in the order the contacts asked. Interrupted (the
     * instance stopping), before the call or during the wait, a pace that waits returns at once, the thread's
     * interrupt flag cleared: the session is stored, so the contact is made rather than leave it open with nobody
     * asked, and made whole (an HTTP or S3 client aborts a request on an interrupted thread); the caller sets the flag
     * again once the start is done.
     *
     * @return true when the wait was interrupted
     */
    boolean awaitTurn();
}
