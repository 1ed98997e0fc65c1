package com.surveyrelay.twilio;

import com.surveyrelay.web.HttpProblem;

/**
 * A Twilio request that failed, answered as its {@link HttpProblem} ({@code 502 twilio_error}, {@code
 * twilio_unreachable}), that also says whether sending the same request later may succeed: true when it never reached
 * Twilio, or Twilio answered 5xx or 429 (its side, or its rate limit), so nothing went out; false for a refusal that
 * will not change (a 4xx such as error 21617, a body too long, or 21408, a region not enabled). Kept replies
 * ({@code KeptTextReplies}) are sent again only for the first kind.
 */
public final class TwilioFailure extends HttpProblem {

    private final boolean worthAnotherTryLater;
    private final boolean credentialsRefused;

    /**
     * @param code {@code twilio_error} or {@code twilio_unreachable}, answered with 502
     * @param worthAnotherTryLater see {@link #worthAnotherTryLater()}
     */
    public TwilioFailure(String code, String message, boolean worthAnotherTryLater) {
        this(code, message, worthAnotherTryLater, false);
    }

    /**
     * @param code {@code twilio_error} or {@code twilio_unreachable}, answered with 502
     * @param worthAnotherTryLater see {@link #worthAnotherTryLater()}
     * @param credentialsRefused see {@link #credentialsRefused()}
     */
    TwilioFailure(String code, String message, boolean worthAnotherTryLater, boolean credentialsRefused) {
        super(502, code, message);
        this.worthAnotherTryLater = worthAnotherTryLater;
        this.credentialsRefused = credentialsRefused;
    }

    /**
     * True when Twilio refused this service's credentials (HTTP 401, error 20003: a wrong or rotated
     * {@code TWILIO_AUTH_TOKEN}): not worth the same request again by itself, but a fault on our side that the
     * operator mends, after which every request goes through; a campaign holds its rows for it as for an outage.
     */
    public boolean credentialsRefused() {
        return credentialsRefused;
    }

    /** True when nothing went out and Twilio may take the same request later. */
    public boolean worthAnotherTryLater() {
        return worthAnotherTryLater;
    }
}
