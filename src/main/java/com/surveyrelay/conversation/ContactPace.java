package com.surveyrelay.conversation;

import java.util.function.BooleanSupplier;

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

    /**
     * Whether the contact is no longer wanted now that its turn came: a campaign cancelled while its row waited for
     * its slot. Asked once, right after {@link #awaitTurn} and the session's read after it, before the text or call
     * request; the start then sends nothing, ends its session {@code ABANDONED}
     * ({@code not-delivered:campaign_cancelled}) and is refused {@code 409 campaign_cancelled}.
     *
     * @return false for a pace that only waits
     */
    default boolean calledOff() {
        return false;
    }

    /**
     * This pace, called off once {@code calledOff} answers true: a campaign row's pace, given its campaign's cancel
     * flag. {@code calledOff} must not block nor throw.
     */
    default ContactPace calledOffWhen(BooleanSupplier calledOff) {
        ContactPace waits = this;
        return new ContactPace() {
            @Override
            public boolean awaitTurn() {
                return waits.awaitTurn();
            }

            @Override
            public boolean calledOff() {
                return calledOff.getAsBoolean();
            }
        };
    }
}
